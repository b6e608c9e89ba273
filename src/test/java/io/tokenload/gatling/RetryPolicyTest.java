package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private static final ZonedDateTime NOW =
      ZonedDateTime.of(2026, 12, 3, 9, 0, 0, 0, ZoneOffset.UTC);
  private final RetryPolicy twice = new RetryPolicy(2, Duration.ofMillis(100));

  private static RequestRecord failed(int status, long sent, long firstToken) {
    return new RequestRecord(
        "r",
        null,
        "c",
        0,
        sent,
        status,
        false,
        "HTTP " + status,
        firstToken,
        -1,
        50,
        new long[0],
        new int[0],
        "chunks",
        8,
        -1,
        8,
        0);
  }

  @Test
  void busyOrBrokenServersAreRetriedUpToTheCount() {
    assertTrue(twice.retries(failed(429, 0, -1), 1));
    assertTrue(twice.retries(failed(503, 0, -1), 2));
    assertTrue(twice.retries(failed(0, 0, -1), 1));
    assertFalse(twice.retries(failed(503, 0, -1), 3));
  }

  @Test
  void clientErrorsAndStreamsThatHadStartedAreNotRetried() {
    assertFalse(twice.retries(failed(400, 0, -1), 1));
    assertFalse(twice.retries(failed(200, 0, 10), 1));
    assertFalse(RetryPolicy.NONE.retries(failed(503, 0, -1), 1));
  }

  @Test
  void theBackoffDoublesAndRetryAfterLengthensIt() {
    assertEquals(Duration.ofMillis(100), twice.wait(1, null, NOW));
    assertEquals(Duration.ofMillis(200), twice.wait(2, null, NOW));
    assertEquals(Duration.ofSeconds(3), twice.wait(1, "3", NOW));
    assertEquals(Duration.ofSeconds(5), twice.wait(1, "Thu, 03 Dec 2026 09:00:05 GMT", NOW));
    assertEquals(Duration.ofMillis(100), twice.wait(1, "soon", NOW));
    assertEquals(Duration.ofSeconds(60), twice.wait(1, "3600", NOW));
  }

  @Test
  void theLastAttemptsRecordCountsFromTheFirstSendAndListsTheEarlierOnes() {
    RequestRecord first = failed(503, 1_000, -1);
    RequestRecord last =
        new RequestRecord(
            "r",
            "x",
            "c",
            0,
            5_000,
            200,
            true,
            null,
            100,
            100,
            300,
            new long[] {100, 300},
            new int[] {1, 1},
            "usage",
            8,
            8,
            2,
            2);

    RequestRecord merged = last.afterRetries(1_000, List.of(first.asAttempt(1_000)));

    assertEquals(1_000, merged.sentNanos());
    assertEquals(4_100, merged.firstTokenNanos());
    assertEquals(4_300, merged.endNanos());
    assertArrayEquals(new long[] {4_100, 4_300}, merged.chunkNanos());
    assertEquals(List.of(new RequestRecord.Attempt(0, 50, 503, "HTTP 503")), merged.retries());
  }
}
