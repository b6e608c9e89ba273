package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

  @Test
  void anEmptyTimelineHasNoPeak() {
    assertEquals(0, new Timeline().peakConcurrency());
  }
}
