package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * @param shard which part of a sharded load this run sent; absent (null) in unsharded runs
 * @param thresholds limits the run must meet ({@link RunVerdict}); none in runs that set none
 * @param originNanoTime the run's time origin, which the records' times count from, as the {@code
 *     System.nanoTime()} of the machine that ran it: on Linux {@code CLOCK_MONOTONIC}, which every
 *     process of that machine reads alike, so a server's own log of its write times can be set
 *     beside the records ({@code tokenload fidelity}); null in runs written before it was kept
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
    @JsonInclude(JsonInclude.Include.NON_NULL) ShardIdentity shard,
    Thresholds thresholds,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long originNanoTime) {

  public RunInfo {
    slo = slo == null ? Slo.NONE : slo;
    thresholds = thresholds == null ? Thresholds.NONE : thresholds;
  }

  /** A run that is no shard and has no thresholds. */
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
        null,
        Thresholds.NONE,
        null);
  }

  /**
   * A shard's identity: which part of which load it sent, and its time origin as an instant.
   *
   * @param index this shard, 0 to count − 1
   * @param count the shards of the load
   * @param origin the instant of the run's time origin (records' times are offsets from it)
   * @param startAt the first cell's common start ({@code -Dstart.at}), or null
   * @param barrier the start barrier's folder ({@code -Dshard.barrier}), or null
   * @param cells the whole load's cells, as one machine would run them; the run's own {@code cells}
   *     are this shard's parts of them
   */
  public record ShardIdentity(
      int index,
      int count,
      String origin,
      @JsonInclude(JsonInclude.Include.NON_NULL) String startAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) String barrier,
      List<CellSpec> cells) {

    /** {@link #origin} in nanoseconds since the epoch. */
    public long originEpochNanos() {
      Instant at = Instant.parse(origin);
      return at.getEpochSecond() * 1_000_000_000L + at.getNano();
    }
  }

  /**
   * What a shard's run would have said as the run of the whole load on one machine, named {@code
   * runId} and started at {@code startedAt}: the whole load's cells, no shard section.
   */
  public RunInfo asWholeLoad(String runId, String startedAt) {
    return with(runId, startedAt, shard == null ? cells : shard.cells(), null, thresholds);
  }

  /** This run with its time origin as the machine's {@code System.nanoTime()}. */
  public RunInfo withOriginNanoTime(long nanoTime) {
    return with(runId, startedAt, cells, shard, thresholds, nanoTime);
  }

  /** This run with {@code shard} as its shard identity. */
  public RunInfo withShard(ShardIdentity shard) {
    return with(runId, startedAt, cells, shard, thresholds);
  }

  private RunInfo with(
      String runId,
      String startedAt,
      List<CellSpec> cells,
      ShardIdentity shard,
      Thresholds thresholds) {
    return with(runId, startedAt, cells, shard, thresholds, originNanoTime);
  }

  private RunInfo with(
      String runId,
      String startedAt,
      List<CellSpec> cells,
      ShardIdentity shard,
      Thresholds thresholds,
      Long originNanoTime) {
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
        shard,
        thresholds,
        originNanoTime);
  }

  public static final String FILE = "run.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The same run held to {@code limits}: a resumed run's thresholds are those it resumes with. */
  public RunInfo withThresholds(Thresholds limits) {
    return with(runId, startedAt, cells, shard, limits);
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
