package io.tokenload.eval.attack;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tokenload.eval.Answer;
import io.tokenload.eval.EvalClient;
import io.tokenload.eval.IndicatorFiles;
import io.tokenload.eval.Outcome;
import io.tokenload.eval.accuracy.Scores;
import io.tokenload.eval.accuracy.SquadScore;
import io.tokenload.eval.data.QaItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code robustness_adv}: every question asked clean and attacked, both answers scored.
 *
 * <ul>
 *   <li>{@code f1_drop} = clean F1 − attacked F1 (macro means, {@link Scores});
 *   <li>{@code success_rate} = flipped / correct before: of the questions answered correctly clean
 *       (F1 at least {@code correct_f1}), the share answered wrongly once attacked, the attack
 *       success rate of TextAttack and similar tools; 0 when none was correct clean.
 * </ul>
 *
 * Each question's attack draws from {@code Random(seed ^ index)}, so a run is reproducible and the
 * same question is attacked the same way whatever the concurrency.
 */
public final class RobustnessIndicator {

  /** The contract; the first four fields are the platform guide's, the rest documented extras. */
  @JsonPropertyOrder({"indicator", "attack_type", "success_rate", "f1_drop"})
  public record Contract(
      String indicator,
      @JsonProperty("attack_type") String attackType,
      @JsonProperty("success_rate") double successRate,
      @JsonProperty("f1_drop") double f1Drop,
      double strength,
      long seed,
      @JsonProperty("clean_f1") double cleanF1,
      @JsonProperty("attacked_f1") double attackedF1,
      int samples,
      @JsonProperty("correct_before") int correctBefore,
      int flipped,
      @JsonProperty("correct_f1") double correctF1,
      int failed,
      String model,
      String dataset,
      @JsonProperty("schema_version") int schemaVersion) {}

  /** One line of {@code robustness_adv.samples.jsonl}; {@code score} is the attacked F1. */
  public record Sample(
      String id,
      String prompt,
      @JsonProperty("attacked_prompt") String attackedPrompt,
      String answer,
      @JsonProperty("attacked_answer") String attackedAnswer,
      List<String> references,
      @JsonProperty("clean_score") double cleanScore,
      double score,
      boolean flipped,
      String error) {}

  /**
   * @param attack the perturbation
   * @param strength share of units it edits
   * @param seed seeds every question's draw
   * @param correctF1 the F1 at which an answer is correct
   */
  public record Settings(Attack attack, double strength, long seed, double correctF1) {}

  private RobustnessIndicator() {}

  /** The attacked copies of {@code items}. */
  public static List<QaItem> attacked(List<QaItem> items, Settings s) {
    List<QaItem> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      QaItem item = items.get(i);
      Random random = new Random(s.seed() ^ (0x9E3779B97F4A7C15L * (i + 1)));
      result.add(item.withPrompt(s.attack().apply(item.prompt(), s.strength(), random)));
    }
    return result;
  }

  public static Outcome run(EvalClient client, List<QaItem> items, Settings s, Path data, Path out)
      throws IOException, InterruptedException {
    List<QaItem> attackedItems = attacked(items, s);
    List<Answer> clean = client.ask(items, "clean");
    List<Answer> attacked = client.ask(attackedItems, "attacked");
    Scores before = Scores.of(items, clean);
    Scores after = Scores.of(attackedItems, attacked);
    int correctBefore = 0;
    int flipped = 0;
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      SquadScore.Score b = before.each().get(i);
      SquadScore.Score a = after.each().get(i);
      boolean wasCorrect = b.f1() >= s.correctF1();
      boolean flip = wasCorrect && a.f1() < s.correctF1();
      correctBefore += wasCorrect ? 1 : 0;
      flipped += flip ? 1 : 0;
      String error = clean.get(i).error() != null ? clean.get(i).error() : attacked.get(i).error();
      samples.add(
          new Sample(
              items.get(i).id(),
              items.get(i).prompt(),
              attackedItems.get(i).prompt(),
              clean.get(i).text(),
              attacked.get(i).text(),
              items.get(i).answers(),
              b.f1(),
              a.f1(),
              flip,
              error));
    }
    double successRate = correctBefore == 0 ? 0 : (double) flipped / correctBefore;
    Contract contract =
        new Contract(
            "robustness_adv",
            s.attack().wireName(),
            IndicatorFiles.round(successRate),
            IndicatorFiles.round(before.f1() - after.f1()),
            s.strength(),
            s.seed(),
            IndicatorFiles.round(before.f1()),
            IndicatorFiles.round(after.f1()),
            items.size(),
            correctBefore,
            flipped,
            s.correctF1(),
            before.failed() + after.failed(),
            client.endpoint().model(),
            data.toString(),
            1);
    Path samplesFile = IndicatorFiles.write(out, contract, samples);
    List<Answer> all = new ArrayList<>(clean);
    all.addAll(attacked);
    return new Outcome(
        out,
        samplesFile,
        String.format(
            "robustness_adv (%s, strength %s): f1 %.3f clean, %.3f attacked, drop %.3f;"
                + " %d of %d correct answers flipped (success rate %.3f)",
            s.attack().wireName(),
            s.strength(),
            contract.cleanF1(),
            contract.attackedF1(),
            contract.f1Drop(),
            flipped,
            correctBefore,
            contract.successRate()),
        all.size() - before.failed() - after.failed(),
        Outcome.firstError(all));
  }
}
