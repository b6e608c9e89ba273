package io.tokenload.report;

import io.tokenload.metrics.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened when, across requests: output tokens per 10 ms bucket (for peak output tokens/s
 * over a sliding 1 s window, counted in tokens, not chunks) and requests in flight per millisecond
 * (for peak concurrency, at millisecond resolution). Memory grows with the time the requests span,
 * not their count: 4 bytes per millisecond and 4 per 10 ms from the first request seen (a cell late
 * in a long run pays for its own span only).
 */
final class Timeline {

  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  /** The width of the buckets the peak window slides by. */
  private static final long BUCKET_NANOS = 10 * MS;

  /** The window peak output tokens/s is counted over: 1 s, slid in 10 ms steps. */
  static final double PEAK_WINDOW_SECONDS = 1.0;

  private static final int WINDOW_BUCKETS = (int) (PEAK_WINDOW_SECONDS * SECOND / BUCKET_NANOS);
  private static final int SLACK_MS = 64 * 1024;
  private static final int SLACK_BUCKETS = SLACK_MS / 10;

  /** Output tokens per bucket; {@code tokens[0]} is bucket {@code tokenBase} of the run. */
  private int[] tokens = new int[0];

  private long tokenBase = -1;
  private long lastBucket = -1;

  private int[] inFlightDelta = new int[0];

  /** The millisecond of the run that {@code inFlightDelta[0]} stands for. */
  private long baseMs = -1;

  private long lastMs = -1;

  void add(RequestRecord r) {
    long sent = r.sentNanos();
    long[] chunks = r.chunkNanos();
    int[] tokens = r.chunkTokens();
    for (int i = 0; i < chunks.length; i++) {
      addTokens(sent + chunks[i], tokens[i]);
    }
    addSpan(sent, r.endNanos());
  }

  private void addTokens(long atNanos, int count) {
    long bucket = Math.max(0, atNanos / BUCKET_NANOS);
    if (tokenBase < 0 || bucket < tokenBase) {
      long newBase = Math.max(0, bucket - SLACK_BUCKETS);
      int shift = tokenBase < 0 ? 0 : (int) (tokenBase - newBase);
      int[] moved = new int[tokens.length + shift];
      System.arraycopy(tokens, 0, moved, shift, tokens.length);
      tokens = moved;
      tokenBase = newBase;
    }
    int index = (int) (bucket - tokenBase);
    if (index >= tokens.length) {
      tokens = Arrays.copyOf(tokens, Math.max(index + 1, tokens.length + tokens.length / 2 + 1024));
    }
    tokens[index] += count;
    lastBucket = Math.max(lastBucket, bucket);
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

  /**
   * The most output tokens that arrived within any {@value #PEAK_WINDOW_SECONDS} s window of whole
   * 10 ms buckets, per second. A span shorter than the window has no meaningful peak; {@link
   * CellStats#peakOutputTokensPerSecond()} says so.
   */
  double busiestWindowTokensPerSecond() {
    long inWindow = 0;
    long peak = 0;
    int last = (int) (lastBucket - tokenBase);
    for (int i = 0; tokenBase >= 0 && i <= last; i++) {
      inWindow += tokens[i];
      if (i >= WINDOW_BUCKETS) {
        inWindow -= tokens[i - WINDOW_BUCKETS];
      }
      peak = Math.max(peak, inWindow);
    }
    return peak / PEAK_WINDOW_SECONDS;
  }

  /**
   * Requests in flight (the most at once) and output tokens/s over the span, in at most {@code
   * points} equal steps of whole 10 ms buckets.
   *
   * @return {@code t_s} (each step's start, seconds from the run's origin), {@code in_flight},
   *     {@code output_tokens_per_s}
   */
  Map<String, List<Double>> overTime(int points) {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    List<Double> t = new ArrayList<>();
    List<Double> inFlight = new ArrayList<>();
    List<Double> perSecond = new ArrayList<>();
    out.put("t_s", t);
    out.put("in_flight", inFlight);
    out.put("output_tokens_per_s", perSecond);
    if (baseMs < 0) {
      return out;
    }
    int first = 0;
    while (first < inFlightDelta.length && inFlightDelta[first] == 0) {
      first++;
    }
    long startMs = (baseMs + first) / 10 * 10;
    long spanMs = Math.max(10, lastMs - startMs);
    long stepMs = Math.max(10, (spanMs + points - 1) / points / 10 * 10 + 10);
    int running = 0;
    for (int ms = 0; ms < first; ms++) {
      running += inFlightDelta[ms];
    }
    for (long s = startMs; s < lastMs; s += stepMs) {
      int most = running;
      for (long ms = Math.max(s, baseMs);
          ms < s + stepMs && ms - baseMs < inFlightDelta.length;
          ms++) {
        running += inFlightDelta[(int) (ms - baseMs)];
        most = Math.max(most, running);
      }
      long tokensInStep = 0;
      for (long b = s / 10; b < (s + stepMs) / 10; b++) {
        long i = b - tokenBase;
        if (tokenBase >= 0 && i >= 0 && i < tokens.length) {
          tokensInStep += tokens[(int) i];
        }
      }
      t.add(Contracts.round(s / 1000.0));
      inFlight.add((double) most);
      perSecond.add(Contracts.round(tokensInStep * 1000.0 / stepMs));
    }
    return out;
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
