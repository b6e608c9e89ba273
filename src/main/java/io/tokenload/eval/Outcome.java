package io.tokenload.eval;

import java.nio.file.Path;
import java.util.List;

/**
 * What one evaluation wrote, for the command line to print.
 *
 * @param contract the contract file
 * @param samples the per-sample file beside it
 * @param summary one line for a person
 * @param answered requests that were answered; 0 means nothing was measured
 * @param firstError the first failed request's reason, or null when none failed
 */
public record Outcome(
    Path contract, Path samples, String summary, int answered, String firstError) {

  /** The first failure among {@code answers}, or null. */
  public static String firstError(List<Answer> answers) {
    return answers.stream().filter(a -> !a.ok()).map(Answer::error).findFirst().orElse(null);
  }
}
