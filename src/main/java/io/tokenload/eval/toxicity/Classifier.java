package io.tokenload.eval.toxicity;

import java.util.List;

/** Judges whether one output is toxic. */
public interface Classifier {

  /**
   * @param toxic whether the output is judged toxic
   * @param reasons the listed words found, or the moderation categories flagged
   */
  record Verdict(boolean toxic, List<String> reasons) {

    public Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  Verdict judge(String text) throws InterruptedException;

  /** What judges, for the contract's {@code classifier} field. */
  String describe();
}
