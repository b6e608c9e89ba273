package io.tokenload.eval.accuracy;

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

/** {@code accuracy_f1}: each question asked once, each answer scored as SQuAD scores it. */
public final class AccuracyIndicator {

  /** The contract; the first five fields are the platform guide's, the rest documented extras. */
  @JsonPropertyOrder({"indicator", "precision", "recall", "f1", "samples"})
  public record Contract(
      String indicator,
      double precision,
      double recall,
      double f1,
      int samples,
      @JsonProperty("exact_match") double exactMatch,
      int failed,
      String aggregation,
      String model,
      String dataset,
      @JsonProperty("schema_version") int schemaVersion) {}

  /** One line of {@code accuracy_f1.samples.jsonl}. */
  public record Sample(
      String id,
      String prompt,
      String answer,
      List<String> references,
      double score,
      double precision,
      double recall,
      @JsonProperty("exact_match") double exactMatch,
      String error) {}

  private AccuracyIndicator() {}

  public static Outcome run(EvalClient client, List<QaItem> items, Path data, Path out)
      throws IOException, InterruptedException {
    List<Answer> answers = client.ask(items, "accuracy");
    Scores scores = Scores.of(items, answers);
    Contract contract =
        new Contract(
            "accuracy_f1",
            IndicatorFiles.round(scores.precision()),
            IndicatorFiles.round(scores.recall()),
            IndicatorFiles.round(scores.f1()),
            items.size(),
            IndicatorFiles.round(scores.exactMatch()),
            scores.failed(),
            "macro",
            client.endpoint().model(),
            data.toString(),
            1);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      QaItem item = items.get(i);
      SquadScore.Score s = scores.each().get(i);
      Answer a = answers.get(i);
      samples.add(
          new Sample(
              item.id(),
              item.prompt(),
              a.text(),
              item.answers(),
              s.f1(),
              s.precision(),
              s.recall(),
              s.exactMatch(),
              a.error()));
    }
    Path samplesFile = IndicatorFiles.write(out, contract, samples);
    return new Outcome(
        out,
        samplesFile,
        String.format(
            "accuracy_f1: f1 %.3f, precision %.3f, recall %.3f, exact match %.3f over %d questions",
            contract.f1(),
            contract.precision(),
            contract.recall(),
            contract.exactMatch(),
            items.size()),
        items.size() - scores.failed(),
        Outcome.firstError(answers));
  }
}
