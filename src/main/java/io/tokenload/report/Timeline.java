package io.tokenload.report;

import io.tokenload.metrics.RequestRecord;
import java.util.Arrays;

/**
 * What happened when, across requests: output tokens per 1-second bucket (for peak output tokens/s,
 * counted in tokens, not chunks) and requests in flight per millisecond (for peak concurrency, at
 * millisecond resolution). Memory grows with the time the requests span, not their count: 4 bytes
 * per millisecond from the first request seen (a cell late in a long run pays for its own span
 * only) plus 8 per second of run.
 */
final class Timeline {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private long[] tokensPerSecond = new long[64];
  private static final int SLACK_MS = 64 * 1024;

  private int[] inFlightDelta = new int[0];

  /** The millisecond of the run that {@code inFlightDelta[0]} stands for. */
  private long baseMs = -1;

  private long lastMs = -1;

  void add(RequestRecord r) {
    long sent = r.sentNanos();
    long[] chunks = r.chunkNanos();
    int[] tokens = r.chunkTokens();
    for (int i = 0; i < chunks.length; i++) {
      int second = (int) Math.max(0, (sent + chunks[i]) / SECOND);
      if (second >= tokensPerSecond.length) {
        tokensPerSecond =
            Arrays.copyOf(tokensPerSecond, Math.max(second + 1, tokensPerSecond.length * 2));
      }
      tokensPerSecond[second] += tokens[i];
    }
    addSpan(sent, r.endNanos());
  }

  /** A request in flight from {@code sentNanos} for {@code durationNanos}, without tokens. */
  void addSpan(long sent, long durationNanos) {
    // A request is in flight in the milliseconds [start, end): one that ends in the millisecond
    // another starts does not count twice. Every request is in flight for at least one.
    long startMs = Math.max(0, sent / MS);
    long endMs = Math.max(startMs + 1, (sent + Math.max(0, durationNanos)) / MS);
    if (baseMs < 0 || startMs < baseMs) {
      // Records arrive in completion order, so a later one can start before the first one seen.
      rebase(Math.max(0, startMs - SLACK_MS));
    }
    growTo((int) (endMs - baseMs));
    inFlightDelta[(int) (startMs - baseMs)]++;
    inFlightDelta[(int) (endMs - baseMs)]--;
    lastMs = Math.max(lastMs, endMs);
  }

  private void rebase(long newBaseMs) {
    int shift = baseMs < 0 ? 0 : (int) (baseMs - newBaseMs);
    int[] moved = new int[inFlightDelta.length + shift];
    System.arraycopy(inFlightDelta, 0, moved, shift, inFlightDelta.length);
    inFlightDelta = moved;
    baseMs = newBaseMs;
  }

  private void growTo(int index) {
    if (index >= inFlightDelta.length) {
      inFlightDelta =
          Arrays.copyOf(
              inFlightDelta,
              Math.max(index + 1, inFlightDelta.length + inFlightDelta.length / 2 + SLACK_MS));
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
    for (int ms = 0; baseMs >= 0 && ms <= lastMs - baseMs && ms < inFlightDelta.length; ms++) {
      running += inFlightDelta[ms];
      peak = Math.max(peak, running);
    }
    return peak;
  }
}
