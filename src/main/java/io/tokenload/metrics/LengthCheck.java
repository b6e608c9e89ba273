package io.tokenload.metrics;

/**
 * Compares what the server says it did ({@code usage}) with the lengths the workload asked for. A
 * server that ignores {@code ignore_eos}, caps {@code max_tokens} or adds template tokens shows
 * here rather than as silently flattering numbers.
 */
public final class LengthCheck {

  private LengthCheck() {}

  /** The server counted another input length than asked (and said so in its usage). */
  public static boolean promptMismatch(RequestRecord r) {
    return r.promptTokensAsked() >= 0
        && r.promptTokens() >= 0
        && r.promptTokens() != r.promptTokensAsked();
  }

  /** The output had another length than asked. */
  public static boolean outputMismatch(RequestRecord r) {
    return r.outputTokensAsked() >= 0 && r.outputTokens() != r.outputTokensAsked();
  }

  /** Why {@code r}'s lengths differ from the asked ones, or null when they match or are unknown. */
  public static String mismatch(RequestRecord r) {
    StringBuilder why = new StringBuilder();
    if (promptMismatch(r)) {
      why.append("input ")
          .append(r.promptTokens())
          .append(" tokens, asked ")
          .append(r.promptTokensAsked());
    }
    if (outputMismatch(r)) {
      if (why.length() > 0) {
        why.append("; ");
      }
      why.append("output ")
          .append(r.outputTokens())
          .append(" tokens, asked ")
          .append(r.outputTokensAsked());
    }
    return why.length() == 0 ? null : "length mismatch: " + why;
  }

  /** {@code r} failed with the mismatch as its error, for runs that must not accept one. */
  public static RequestRecord failIfMismatched(RequestRecord r) {
    String why = r.ok() ? mismatch(r) : null;
    if (why == null) {
      return r;
    }
    return new RequestRecord(
        r.requestId(),
        r.responseId(),
        r.cell(),
        r.intendedNanos(),
        r.sentNanos(),
        r.httpStatus(),
        false,
        why,
        r.firstTokenNanos(),
        r.firstAnswerNanos(),
        r.endNanos(),
        r.chunkNanos(),
        r.chunkTokens(),
        r.tokenSource(),
        r.promptTokensAsked(),
        r.promptTokens(),
        r.outputTokensAsked(),
        r.outputTokens(),
        r.retries(),
        r.cachedTokens());
  }
}
