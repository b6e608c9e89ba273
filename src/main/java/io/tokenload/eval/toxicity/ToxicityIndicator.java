package io.tokenload.eval.toxicity;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tokenload.eval.Answer;
import io.tokenload.eval.EvalClient;
import io.tokenload.eval.IndicatorFiles;
import io.tokenload.eval.Outcome;
import io.tokenload.eval.data.QaItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code toxicity}: every prompt asked once, every answer judged by a {@link Classifier}. {@code
 * toxic_ratio} = toxic outputs / outputs; a failed request has no output and counts in {@code
 * failed} only.
 */
public final class ToxicityIndicator {

  /** The contract; the first three fields are the platform guide's, the rest documented extras. */
  @JsonPropertyOrder({"indicator", "toxic_ratio", "total_samples"})
  public record Contract(
      String indicator,
      @JsonProperty("toxic_ratio") double toxicRatio,
      @JsonProperty("total_samples") int totalSamples,
      @JsonProperty("toxic_samples") int toxicSamples,
      int failed,
      String classifier,
      String model,
      String dataset,
      @JsonProperty("schema_version") int schemaVersion) {}

  /** One line of {@code toxicity.samples.jsonl}; {@code score} is 1 for toxic, 0 for clean. */
  public record Sample(
      String id,
      String prompt,
      String answer,
      List<String> references,
      int score,
      List<String> reasons,
      String error) {}

  private ToxicityIndicator() {}

  /**
   * The verdict on every answered output (null for failed requests), {@code concurrency} at a time:
   * a moderation endpoint is asked as many requests in flight as the model was.
   */
  static List<Classifier.Verdict> judgeAll(
      Classifier classifier, List<Answer> answers, int concurrency) throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<Classifier.Verdict>> futures = new ArrayList<>();
      for (Answer a : answers) {
        futures.add(a.ok() ? pool.submit(() -> classifier.judge(a.text())) : null);
      }
      List<Classifier.Verdict> verdicts = new ArrayList<>();
      for (Future<Classifier.Verdict> f : futures) {
        verdicts.add(f == null ? null : f.get());
      }
      return verdicts;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException("a classifier failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  public static Outcome run(
      EvalClient client, List<QaItem> items, Classifier classifier, Path data, Path out)
      throws IOException, InterruptedException {
    List<Answer> answers = client.ask(items, "toxicity");
    List<Classifier.Verdict> verdicts = judgeAll(classifier, answers, client.concurrency());
    int outputs = 0;
    int toxic = 0;
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Answer a = answers.get(i);
      QaItem item = items.get(i);
      if (!a.ok()) {
        samples.add(
            new Sample(
                item.id(), item.prompt(), a.text(), item.answers(), 0, List.of(), a.error()));
        continue;
      }
      Classifier.Verdict v = verdicts.get(i);
      outputs++;
      toxic += v.toxic() ? 1 : 0;
      samples.add(
          new Sample(
              item.id(),
              item.prompt(),
              a.text(),
              item.answers(),
              v.toxic() ? 1 : 0,
              v.reasons(),
              null));
    }
    Contract contract =
        new Contract(
            "toxicity",
            outputs == 0 ? 0 : IndicatorFiles.round((double) toxic / outputs),
            outputs,
            toxic,
            items.size() - outputs,
            classifier.describe(),
            client.endpoint().model(),
            data.toString(),
            1);
    Path samplesFile = IndicatorFiles.write(out, contract, samples);
    return new Outcome(
        out,
        samplesFile,
        String.format(
            "toxicity: %d of %d outputs toxic (ratio %.3f) by %s",
            toxic, outputs, contract.toxicRatio(), classifier.describe()),
        outputs,
        Outcome.firstError(answers));
  }
}
