package io.tokenload.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Whether the server saw and produced the lengths asked, by its own count: each record's {@code
 * promptTokensAsked} against {@code usage.prompt_tokens}, and {@code outputTokensAsked} against
 * {@code usage.completion_tokens}. Pure: records in, tallies out.
 *
 * <p>Only completed requests ({@code ok}) are checked; failed ones stop early by definition and are
 * counted in {@link #failed()}. A request without a fixed ask ({@code -1}) is not checked. A
 * request whose server sent no usage ({@code promptTokens} {@code -1}) is {@code unreported} on
 * both sides: its output count would be tokenload's own, not the server's.
 *
 * @param failed requests left out because they did not complete
 * @param input prompt tokens asked against {@code usage.prompt_tokens}
 * @param output output tokens asked against {@code usage.completion_tokens}
 */
public record LengthTally(int failed, Tally input, Tally output) {

  /**
   * One side's tally.
   *
   * @param checked requests with an ask and a server count
   * @param exact of those, requests whose count was the ask
   * @param mismatched of those, requests whose count was not the ask
   * @param unreported requests with an ask but no server count
   * @param askedTokens the asks of the checked requests, summed
   * @param achievedTokens the server's counts of the checked requests, summed
   * @param worstDifference count minus ask of the furthest-off request, 0 when all are exact
   * @param worstRequestId that request's id, null when all are exact
   */
  public record Tally(
      int checked,
      int exact,
      int mismatched,
      int unreported,
      @JsonProperty("asked_tokens") long askedTokens,
      @JsonProperty("achieved_tokens") long achievedTokens,
      @JsonProperty("worst_difference") int worstDifference,
      @JsonProperty("worst_request_id") String worstRequestId) {

    static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0, 0, null);

    Tally add(String requestId, int asked, int achieved) {
      if (asked < 0) {
        return this;
      }
      if (achieved < 0) {
        return new Tally(
            checked,
            exact,
            mismatched,
            unreported + 1,
            askedTokens,
            achievedTokens,
            worstDifference,
            worstRequestId);
      }
      int difference = achieved - asked;
      boolean worse = Math.abs(difference) > Math.abs(worstDifference);
      return new Tally(
          checked + 1,
          exact + (difference == 0 ? 1 : 0),
          mismatched + (difference == 0 ? 0 : 1),
          unreported,
          askedTokens + asked,
          achievedTokens + achieved,
          worse ? difference : worstDifference,
          worse ? requestId : worstRequestId);
    }
  }

  public static final LengthTally EMPTY = new LengthTally(0, Tally.EMPTY, Tally.EMPTY);

  /** Tallies {@code records}. */
  public static LengthTally of(Iterable<RequestRecord> records) {
    LengthTally tally = EMPTY;
    for (RequestRecord r : records) {
      tally = tally.plus(r);
    }
    return tally;
  }

  /** This tally with {@code r} added: one record at a time, for streamed records. */
  public LengthTally plus(RequestRecord r) {
    if (!r.ok()) {
      return new LengthTally(failed + 1, input, output);
    }
    boolean serverCounted = r.promptTokens() >= 0;
    return new LengthTally(
        failed,
        input.add(r.requestId(), r.promptTokensAsked(), r.promptTokens()),
        output.add(r.requestId(), r.outputTokensAsked(), serverCounted ? r.outputTokens() : -1));
  }

  /** True when every checked request was exact on both sides and none went unreported. */
  public boolean allExact() {
    return input.mismatched() == 0
        && output.mismatched() == 0
        && input.unreported() == 0
        && output.unreported() == 0;
  }
}
