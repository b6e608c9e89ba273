package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a run was asked to do, written as {@code run.json} when it starts. It names the API key's
 * environment variable, never the key.
 *
 * @param schemaVersion version of this file's layout
 * @param runId the run folder's name
 * @param simulation the Gatling simulation that ran
 * @param startedAt ISO-8601 wall-clock time of the run's start
 * @param target the base URL, or {@code embedded} for the in-process target
 * @param targetSettings the embedded target's timing settings, empty for a real server
 * @param model model name sent with each request
 * @param api chat or completions
 * @param flavour vllm or openai
 * @param apiKeyEnv name of the environment variable holding the key, or null
 * @param warmupRequests requests sent before measuring, left out of every statistic
 * @param cells the matrix cells, in the order they run
 * @param slo objectives for goodput; absent (null) in runs that set none
 * @param tokenizer the tokenizer prompts were made exact in ({@code words} or a file)
 * @param templateOverheadTokens tokens the server's chat template adds, measured and compensated
 * @param thresholds limits the run must meet ({@link RunVerdict}); none in runs that set none
 */
public record RunInfo(
    int schemaVersion,
    String runId,
    String simulation,
    String startedAt,
    String target,
    Map<String, Object> targetSettings,
    String model,
    String api,
    String flavour,
    String apiKeyEnv,
    int warmupRequests,
    List<CellSpec> cells,
    Slo slo,
    String tokenizer,
    int templateOverheadTokens,
    Thresholds thresholds) {

  public RunInfo {
    slo = slo == null ? Slo.NONE : slo;
    thresholds = thresholds == null ? Thresholds.NONE : thresholds;
  }

  /** A run with no thresholds. */
  public RunInfo(
      int schemaVersion,
      String runId,
      String simulation,
      String startedAt,
      String target,
      Map<String, Object> targetSettings,
      String model,
      String api,
      String flavour,
      String apiKeyEnv,
      int warmupRequests,
      List<CellSpec> cells,
      Slo slo,
      String tokenizer,
      int templateOverheadTokens) {
    this(
        schemaVersion,
        runId,
        simulation,
        startedAt,
        target,
        targetSettings,
        model,
        api,
        flavour,
        apiKeyEnv,
        warmupRequests,
        cells,
        slo,
        tokenizer,
        templateOverheadTokens,
        Thresholds.NONE);
  }

  public static final String FILE = "run.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The same run held to {@code limits}: a resumed run's thresholds are those it resumes with. */
  public RunInfo withThresholds(Thresholds limits) {
    return new RunInfo(
        schemaVersion,
        runId,
        simulation,
        startedAt,
        target,
        targetSettings,
        model,
        api,
        flavour,
        apiKeyEnv,
        warmupRequests,
        cells,
        slo,
        tokenizer,
        templateOverheadTokens,
        limits);
  }

  public void write(Path runDir) throws IOException {
    Files.createDirectories(runDir);
    JSON.writeValue(runDir.resolve(FILE).toFile(), this);
  }

  public static RunInfo read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " does not exist: is " + runDir + " a tokenload run folder?");
    }
    return JSON.readValue(file.toFile(), RunInfo.class);
  }
}
