package io.tokenload.report;

import io.tokenload.metrics.LengthTally;
import java.util.Optional;

/**
 * The warning a run gets when it aimed at a real server without the server's tokenizer: its prompts
 * were made exact in tokenload's own {@code words} tokenizer, which is no model's, so the server
 * counted other input lengths than asked. The warning says so, and by how much the server's {@code
 * usage} disagreed, so a run that looks fine is not read as one at exact lengths.
 */
final class ApproximateLengths {

  /** The embedded target's tokenizer: exact only against the embedded target. */
  static final String WORDS = "words";

  private ApproximateLengths() {}

  /** The warning for a run at {@code target} with {@code tokenizer}, or empty when exact. */
  static Optional<String> note(String target, String tokenizer, LengthTally lengths) {
    if ("embedded".equals(target) || !WORDS.equals(tokenizer)) {
      return Optional.empty();
    }
    String head =
        "Input lengths are approximate: prompts were measured with tokenload's words tokenizer,"
            + " not the server's";
    String fix =
        "; give the server's tokenizer.json or model folder (-Dtokenizer, run_1k_4k.sh"
            + " --tokenizer, a definition's target.tokenizer) for exact lengths.";
    LengthTally.Tally input = lengths.input();
    if (input.checked() == 0) {
      return Optional.of(head + ", and the server reported no usage to say by how much" + fix);
    }
    if (input.mismatched() == 0 && input.unreported() == 0) {
      return Optional.of(
          "Prompts were measured with tokenload's words tokenizer, not one named as the server's,"
              + " yet the server's usage agreed on all "
              + input.checked()
              + " requests, so the input lengths were exact here"
              + fix);
    }
    double off = 100.0 * (input.achievedTokens() - input.askedTokens()) / input.askedTokens();
    return Optional.of(
        String.format(
            "%s: by its usage, %d of %d requests had another input length than asked; %d tokens"
                + " asked in all, %d counted (%+.1f %%), the furthest off by %+d tokens%s",
            head,
            input.mismatched(),
            input.checked(),
            input.askedTokens(),
            input.achievedTokens(),
            off,
            input.worstDifference(),
            fix));
  }
}
