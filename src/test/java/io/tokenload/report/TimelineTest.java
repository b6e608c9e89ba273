package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import org.junit.jupiter.api.Test;

class TimelineTest {

  private static final long MS = 1_000_000L;
  private static final long HOUR_MS = 3_600_000L;

  @Test
  void aRequestThatStartedBeforeTheFirstOneSeenStillCounts() {
    Timeline t = new Timeline();
    // Records arrive in completion order: the long request that started first is seen last.
    t.addSpan(HOUR_MS * MS + 500 * MS, 10 * MS);
    t.addSpan(HOUR_MS * MS + 505 * MS, 10 * MS);
    t.addSpan(HOUR_MS * MS - 200_000 * MS, 200_510 * MS);

    assertEquals(3, t.peakConcurrency());
  }

  @Test
  void requestsThatTouchDoNotOverlap() {
    Timeline t = new Timeline();
    t.addSpan(10 * MS, 5 * MS);
    t.addSpan(15 * MS, 5 * MS);

    assertEquals(1, t.peakConcurrency());
  }

  /** A request sent at {@code sentMs} whose tokens arrive at the given offsets, one each. */
  private static RequestRecord tokensAt(long sentMs, long... offsetsMs) {
    long[] chunks = new long[offsetsMs.length];
    int[] tokens = new int[offsetsMs.length];
    for (int i = 0; i < chunks.length; i++) {
      chunks[i] = offsetsMs[i] * MS;
      tokens[i] = 1;
    }
    long end = chunks[chunks.length - 1];
    return new RequestRecord(
        "r" + sentMs,
        null,
        "c",
        sentMs * MS,
        sentMs * MS,
        200,
        true,
        null,
        chunks[0],
        chunks[0],
        end,
        chunks,
        tokens,
        "usage",
        8,
        8,
        chunks.length,
        chunks.length);
  }

  @Test
  void thePeakWindowSlidesAcrossWallClockSeconds() {
    Timeline t = new Timeline();
    // 100 tokens from 0.90 s to 1.09 s: one-second buckets would split them 50 and 50.
    long[] offsets = new long[100];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = 900 + i * 2L;
    }
    t.add(tokensAt(0, offsets));

    assertEquals(100, t.busiestWindowTokensPerSecond(), 1e-9);
  }

  @Test
  void thePeakIsNeverBelowTheMean() {
    CellStats s = new CellStats(Slo.NONE);
    // Ten tokens at the start and ten 1.5 s later: no 1 s window holds more than ten, while the
    // cell's mean is 20 tokens in 1.5 s.
    s.add(tokensAt(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    s.add(tokensAt(1490, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10));

    assertEquals(10, s.timeline.busiestWindowTokensPerSecond(), 1e-9);
    assertEquals(s.perSecond(s.outputTokens), s.peakOutputTokensPerSecond(), 0.001);
  }

  @Test
  void aCellShorterThanTheWindowHasNoPeak() {
    CellStats s = new CellStats(Slo.NONE);
    s.add(tokensAt(0, 100, 200, 300));

    assertNull(s.peakOutputTokensPerSecond());
  }

  @Test
  void anEmptyTimelineHasNoPeak() {
    assertEquals(0, new Timeline().peakConcurrency());
  }
}
