package io.tokenload.gatling;

import io.tokenload.metrics.RequestRecord;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When a failed request is sent again (seed 003's {@code retry}), and after how long:
 *
 * <pre>
 * retry            attempts after the first, 0 to 10 (default 0: never)
 * retry.backoff.ms the wait before the first retry, doubled before each next one (default 500)
 * </pre>
 *
 * A request is retried when it failed before any text arrived and the failure may pass: no response
 * at all (connection refused or reset), HTTP 408, 429 or 5xx. A server's {@code Retry-After}
 * (seconds or an HTTP date) lengthens the wait, never shortens it; no wait is longer than {@value
 * #MAX_WAIT_SECONDS} s.
 *
 * @param retries attempts after the first
 * @param backoff the wait before the first retry
 */
public record RetryPolicy(int retries, Duration backoff) {

  static final RetryPolicy NONE = new RetryPolicy(0, Duration.ofMillis(500));
  static final long MAX_WAIT_SECONDS = 60;

  static RetryPolicy from(Props p) {
    return new RetryPolicy(
        p.integer("retry", 0, 0, 10),
        Duration.ofMillis(p.integer("retry.backoff.ms", 500, 0, 60_000)));
  }

  /** True when {@code record}, attempt number {@code attempt} (1 is the first), is sent again. */
  boolean retries(RequestRecord record, int attempt) {
    if (record.ok() || attempt > retries || record.firstTokenNanos() >= 0) {
      return false;
    }
    int status = record.httpStatus();
    return status == 0 || status == 408 || status == 429 || status >= 500;
  }

  /**
   * The wait before attempt {@code attempt + 1}, given the last response's Retry-After (or null).
   */
  Duration wait(int attempt, String retryAfter, ZonedDateTime now) {
    Duration doubled = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    Duration asked = retryAfter(retryAfter, now);
    Duration wait = asked.compareTo(doubled) > 0 ? asked : doubled;
    Duration max = Duration.ofSeconds(MAX_WAIT_SECONDS);
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /** {@code Retry-After} as seconds or an HTTP date; zero when absent or unreadable. */
  static Duration retryAfter(String value, ZonedDateTime now) {
    if (value == null || value.isBlank()) {
      return Duration.ZERO;
    }
    String v = value.strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        Duration d =
            Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return Duration.ZERO;
      }
    }
  }
}
