package io.tokenload.eval.load;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.eval.Answer;
import io.tokenload.eval.EvalClient;
import io.tokenload.eval.EvalException;
import io.tokenload.eval.Indicator;
import io.tokenload.eval.IndicatorFiles;
import io.tokenload.eval.Outcome;
import io.tokenload.eval.data.QaItem;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.workload.Prompt;
import io.tokenload.workload.PromptSource;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.SyntheticPrompts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code latency_p99} and {@code throughput_rps}: a short, bounded closed-loop run ({@code
 * requests} requests, {@code concurrency} in flight) through the load runs' client, recorded as a
 * load run records ({@code requests.jsonl}, {@code run.json}) in a run folder beside the contract,
 * {@code <name>-run/}. The load runs' post-processor ({@link RunReport}) then writes that folder's
 * contracts, and the one asked for is copied to {@code --out}: the same JSON a load run writes.
 */
public final class LoadIndicator {

  /** One line of {@code latency_p99.samples.jsonl}; {@code score} is the end-to-end ms. */
  public record Sample(
      String id,
      String prompt,
      String answer,
      List<String> references,
      double score,
      @JsonProperty("ttft_ms") double ttftMs,
      String error) {}

  /**
   * @param requests requests sent
   * @param inputTokens prompt length in words when no question set is given
   * @param apiKeyEnv the key's variable, named in {@code run.json}
   */
  public record Settings(int requests, int inputTokens, String apiKeyEnv) {}

  private LoadIndicator() {}

  /** The run folder beside {@code out}: {@code latency_p99.json} → {@code latency_p99-run/}. */
  public static Path runFolder(Path out) {
    String name = out.getFileName().toString();
    return out.resolveSibling(name.substring(0, name.length() - ".json".length()) + "-run");
  }

  public static Outcome run(
      EvalClient client, Indicator indicator, List<QaItem> items, Settings s, Path out)
      throws IOException, InterruptedException {
    PromptSource prompts =
        items == null
            ? SyntheticPrompts.words(s.inputTokens(), 1)
            : i -> new Prompt(items.get((int) (i % items.size())).prompt(), 1, Prompt.CELL_OUTPUT);
    RequestFactory factory =
        new RequestFactory(client.endpoint(), client.cell(s.requests()), prompts);
    Path runDir = runFolder(out);
    if (Files.exists(runDir.resolve(RunInfo.FILE))) {
      throw new EvalException(runDir + " already holds a run; remove it or choose another --out");
    }
    RunInfo info =
        new RunInfo(
            1,
            runDir.getFileName().toString(),
            "tokenload eval --indicator " + indicator.wireName(),
            Instant.now().toString(),
            client.endpoint().baseUri().toString(),
            Map.of(),
            client.endpoint().model(),
            client.endpoint().api().name().toLowerCase(),
            client.endpoint().flavour().name().toLowerCase(),
            s.apiKeyEnv(),
            0,
            List.of(client.cell(s.requests())),
            null,
            "words",
            0);
    info.write(runDir);
    long start = System.nanoTime();
    List<Answer> answers;
    try (RecordWriter records = new RecordWriter(runDir.resolve("requests.jsonl"))) {
      answers = client.load(s.requests(), factory, indicator.wireName(), start);
      answers.forEach(a -> records.accept(a.record()));
    }
    long answered = answers.stream().filter(Answer::ok).count();
    if (answered == 0) {
      return new Outcome(
          out,
          null,
          indicator.wireName() + ": no request completed",
          0,
          Outcome.firstError(answers));
    }
    RunReport.write(runDir);
    String file =
        indicator == Indicator.LATENCY_P99 ? RunReport.LATENCY_FILE : RunReport.THROUGHPUT_FILE;
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.copy(runDir.resolve(file), out, StandardCopyOption.REPLACE_EXISTING);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < answers.size(); i++) {
      Answer a = answers.get(i);
      samples.add(
          new Sample(
              indicator.wireName() + "-" + i,
              prompts.prompt(i).text(),
              a.text(),
              List.of(),
              millis(a.record().endNanos()),
              millis(a.record().firstTokenNanos()),
              a.error()));
    }
    Path samplesFile = IndicatorFiles.samplesOf(out);
    IndicatorFiles.writeSamples(samplesFile, samples);
    return new Outcome(
        out,
        samplesFile,
        indicator.wireName()
            + ": "
            + answered
            + " of "
            + answers.size()
            + " requests completed; the run's folder is "
            + runDir,
        (int) answered,
        Outcome.firstError(answers));
  }

  private static double millis(long nanos) {
    return nanos < 0 ? -1 : IndicatorFiles.round(nanos / 1e6);
  }
}
