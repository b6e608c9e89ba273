package io.tokenload.report;

import io.tokenload.metrics.RequestRecord;
import java.util.Arrays;

/**
 * What happened when, across requests: output tokens per 1-second bucket (for peak output
 * tokens/s, counted in tokens, not chunks) and requests in flight per millisecond (for peak
 * concurrency, at millisecond resolution). Memory grows with the run's duration, not its request count: 4 bytes per
 * millisecond of run plus 8 per second.
 */
final class Timeline {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private long[] tokensPerSecond = new long[64];
  private int[] inFlightDelta = new int[64 * 1024];
  private int lastMs = -1;

  void add(RequestRecord r) {
    long sent = r.sentNanos();
    long[] chunks = r.chunkNanos();
    int[] tokens = r.chunkTokens();
    for (int i = 0; i < chunks.length; i++) {
      int second = (int) Math.max(0, (sent + chunks[i]) / SECOND);
      if (second >= tokensPerSecond.length) {
        tokensPerSecond = Arrays.copyOf(tokensPerSecond, Math.max(second + 1, tokensPerSecond.length * 2));
      }
      tokensPerSecond[second] += tokens[i];
    }
    addSpan(sent, r.endNanos());
  }

  /** A request in flight from {@code sentNanos} for {@code durationNanos}, without tokens. */
  void addSpan(long sent, long durationNanos) {
    // A request is in flight in the milliseconds [start, end): one that ends in the millisecond
    // another starts does not count twice. Every request is in flight for at least one.
    int startMs = (int) Math.max(0, sent / MS);
    int endMs = (int) Math.max(startMs + 1, (sent + Math.max(0, durationNanos)) / MS);
    growTo(endMs);
    inFlightDelta[startMs]++;
    inFlightDelta[endMs]--;
    lastMs = Math.max(lastMs, endMs);
  }

  private void growTo(int index) {
    if (index >= inFlightDelta.length) {
      inFlightDelta = Arrays.copyOf(inFlightDelta, Math.max(index + 1, inFlightDelta.length * 2));
    }
  }

  /** The most output tokens that arrived within one wall-clock second of the run. */
  long peakOutputTokensPerSecond() {
    long peak = 0;
    for (long t : tokensPerSecond) {
      peak = Math.max(peak, t);
    }
    return peak;
  }

  /** The most requests in flight at once, at millisecond resolution. */
  int peakConcurrency() {
    int running = 0;
    int peak = 0;
    for (int ms = 0; ms <= lastMs && ms < inFlightDelta.length; ms++) {
      running += inFlightDelta[ms];
      peak = Math.max(peak, running);
    }
    return peak;
  }
}
