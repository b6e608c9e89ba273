package io.tokenload.transport;

import java.time.Duration;
import java.util.Objects;

/**
 * How far one streamed response may go before its request fails: a server that streams forever,
 * streams far more tokens than asked, or sends one endless line must not hang the run or exhaust
 * the client's memory. Each is settable ({@code docs/metrics.md}, "Bounded streams").
 *
 * @param maxDuration the longest a response may take from the request's send to its end ({@code
 *     -Dstream.max.s}); the transport cuts it there
 * @param maxLineBytes the longest event-stream line, and the most data one event may gather ({@code
 *     -Dstream.max.line.kb}); the decoder stops buffering there
 * @param maxOutputRatio how many times the asked output length ({@code max_tokens}) a stream may
 *     carry ({@code -Dstream.max.output.ratio}); see {@link #maxOutputTokens}
 */
public record StreamLimits(Duration maxDuration, int maxLineBytes, double maxOutputRatio) {

  /** 10 minutes, 1 MiB per line, 4 times the asked output. */
  public static final StreamLimits DEFAULTS =
      new StreamLimits(Duration.ofMinutes(10), 1 << 20, 4.0);

  /** Added to the ratio's allowance, so a tiny {@code max_tokens} does not cut honest streams. */
  static final int OUTPUT_SLACK_TOKENS = 16;

  public StreamLimits {
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("maxDuration was " + maxDuration + ", must be positive");
    }
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes was " + maxLineBytes + ", must be >= 1");
    }
    if (!(maxOutputRatio >= 1)) {
      throw new IllegalArgumentException(
          "maxOutputRatio was " + maxOutputRatio + ", must be at least 1");
    }
  }

  /**
   * The most output tokens a stream that asked for {@code asked} may carry: {@code ratio × asked},
   * and at least {@code asked + 16}; unlimited when nothing was asked ({@code asked <= 0}).
   */
  public int maxOutputTokens(int asked) {
    if (asked <= 0) {
      return Integer.MAX_VALUE;
    }
    double byRatio = Math.ceil(maxOutputRatio * asked);
    return (int)
        Math.min(Integer.MAX_VALUE, Math.max(byRatio, (double) asked + OUTPUT_SLACK_TOKENS));
  }
}
