package io.tokenload.workload;

/**
 * A synthetic prompt could not be made exactly as long as asked in the given tokenizer, within a
 * bounded number of tries. tokenload never sends such a prompt and never pads the difference
 * silently: the run stops before any load, naming the lengths.
 */
public final class InexactPromptException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final int askedTokens;
  private final int achievedTokens;

  InexactPromptException(
      String tokenizer, String what, int askedTokens, int achievedTokens, int tries) {
    super(
        what
            + " could not be made exactly "
            + askedTokens
            + " tokens long in tokenizer "
            + tokenizer
            + ": after "
            + tries
            + " tries of decode, re-encode and adjust the closest was "
            + achievedTokens
            + " tokens");
    this.askedTokens = askedTokens;
    this.achievedTokens = achievedTokens;
  }

  /** The content length asked for, in the tokenizer's tokens. */
  public int askedTokens() {
    return askedTokens;
  }

  /** The closest length reached. */
  public int achievedTokens() {
    return achievedTokens;
  }
}
