package io.tokenload.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class LengthCheckTest {

  private static RequestRecord record(
      boolean ok, int promptAsked, int prompt, int outAsked, int out) {
    return new RequestRecord(
        "r",
        "c",
        "cell",
        0,
        0,
        200,
        ok,
        ok ? null : "HTTP 500: boom",
        1,
        1,
        2,
        new long[] {1},
        new int[] {out},
        "usage",
        promptAsked,
        prompt,
        outAsked,
        out);
  }

  @Test
  void matchingOrUnknownLengthsAreNotAMismatch() {
    assertNull(LengthCheck.mismatch(record(true, 128, 128, 64, 64)));
    assertNull(
        LengthCheck.mismatch(record(true, 128, -1, 64, 64)), "no usage.prompt_tokens: unknown");
    assertNull(
        LengthCheck.mismatch(record(true, -1, 300, -1, 12)), "nothing asked: nothing to check");
  }

  @Test
  void mismatchNamesBothLengths() {
    assertEquals(
        "length mismatch: input 135 tokens, asked 128; output 17 tokens, asked 64",
        LengthCheck.mismatch(record(true, 128, 135, 64, 17)));
  }

  @Test
  void strictModeFailsTheRequestAndKeepsItsTimings() {
    RequestRecord failed = LengthCheck.failIfMismatched(record(true, 128, 128, 64, 17));
    assertFalse(failed.ok());
    assertEquals("length mismatch: output 17 tokens, asked 64", failed.error());
    assertEquals(2, failed.endNanos());
    RequestRecord fine = record(true, 128, 128, 64, 64);
    assertSame(fine, LengthCheck.failIfMismatched(fine));
    RequestRecord alreadyFailed = record(false, 128, 128, 64, 17);
    assertSame(
        alreadyFailed,
        LengthCheck.failIfMismatched(alreadyFailed),
        "the first failure stays the reason");
  }
}
