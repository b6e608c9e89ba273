package io.tokenload.eval.accuracy;

import io.tokenload.eval.Answer;
import io.tokenload.eval.data.QaItem;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-question scores and their averages. A failed request scores 0 (its answer is empty), so a
 * server that fails cannot raise its F1 by failing the hard questions. Averages are macro: the mean
 * over questions of each score, as SQuAD reports F1 (so the mean F1 is not the harmonic mean of the
 * mean precision and recall).
 *
 * @param each one score per question, in order
 * @param precision mean precision
 * @param recall mean recall
 * @param f1 mean F1
 * @param exactMatch share of questions answered exactly
 * @param failed requests that failed
 */
public record Scores(
    List<SquadScore.Score> each,
    double precision,
    double recall,
    double f1,
    double exactMatch,
    int failed) {

  public Scores {
    each = List.copyOf(each);
  }

  public static Scores of(List<QaItem> items, List<Answer> answers) {
    List<SquadScore.Score> each = new ArrayList<>();
    double p = 0;
    double r = 0;
    double f = 0;
    double em = 0;
    int failed = 0;
    for (int i = 0; i < items.size(); i++) {
      Answer a = answers.get(i);
      SquadScore.Score s = SquadScore.best(a.ok() ? a.text() : "", items.get(i).answers());
      if (!a.ok()) {
        failed++;
        s = new SquadScore.Score(0, 0, 0, 0, s.reference());
      }
      each.add(s);
      p += s.precision();
      r += s.recall();
      f += s.f1();
      em += s.exactMatch();
    }
    int n = Math.max(1, items.size());
    return new Scores(each, p / n, r / n, f / n, em / n, failed);
  }
}
