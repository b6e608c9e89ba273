package io.tokenload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tallying asked against reported lengths from request records. */
class LengthTallyTest {

  static RequestRecord record(
      String id, boolean ok, int promptAsked, int prompt, int outputAsked, int output) {
    return new RequestRecord(
        id,
        "resp-" + id,
        "in128-out64-c1",
        0,
        0,
        ok ? 200 : 500,
        ok,
        ok ? null : "HTTP 500",
        10,
        10,
        100,
        new long[] {10},
        new int[] {output},
        "usage",
        promptAsked,
        prompt,
        outputAsked,
        output);
  }

  @Test
  void exactRequestsAreExactOnBothSides() {
    LengthTally check =
        LengthTally.of(
            List.of(record("a", true, 128, 128, 64, 64), record("b", true, 100, 100, 8, 8)));
    assertTrue(check.allExact());
    assertEquals(new LengthTally.Tally(2, 2, 0, 0, 228, 228, 0, null), check.input());
    assertEquals(new LengthTally.Tally(2, 2, 0, 0, 72, 72, 0, null), check.output());
    assertEquals(0, check.failed());
  }

  @Test
  void countsMismatchesAndNamesTheFurthestOff() {
    LengthTally check =
        LengthTally.of(
            List.of(
                record("a", true, 128, 135, 64, 64),
                record("b", true, 128, 129, 64, 12),
                record("c", true, 128, 128, 64, 63)));
    assertFalse(check.allExact());
    assertEquals(new LengthTally.Tally(3, 1, 2, 0, 384, 392, 7, "a"), check.input());
    assertEquals(new LengthTally.Tally(3, 1, 2, 0, 192, 139, -52, "b"), check.output());
  }

  @Test
  void aServerWithoutUsageLeavesBothSidesUnreported() {
    LengthTally check = LengthTally.of(List.of(record("a", true, 128, -1, 64, 60)));
    assertEquals(1, check.input().unreported());
    assertEquals(1, check.output().unreported());
    assertEquals(0, check.output().checked());
    assertFalse(check.allExact());
  }

  @Test
  void failedRequestsAndRequestsWithoutAnAskAreLeftOut() {
    LengthTally check =
        LengthTally.of(
            List.of(record("a", false, 128, 128, 64, 3), record("b", true, -1, 50, -1, 20)));
    assertEquals(1, check.failed());
    assertEquals(LengthTally.Tally.EMPTY, check.input());
    assertEquals(LengthTally.Tally.EMPTY, check.output());
    assertNull(check.input().worstRequestId());
    assertTrue(check.allExact());
  }
}
