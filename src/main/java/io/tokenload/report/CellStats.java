package io.tokenload.report;

import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.RequestMetrics;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.report.gatling.LogGroup;
import io.tokenload.report.gatling.LogRequest;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.DoubleHistogram;

/**
 * The statistics of a set of requests (one cell, or a whole run), accumulated one record at a time
 * in bounded memory. Definitions: {@code docs/metrics.md}.
 */
final class CellStats {

  private static final int MAX_TOKENS_PER_CHUNK_KEY = 64;

  final LatencyHistogram ttft = new LatencyHistogram();
  final LatencyHistogram firstAnswer = new LatencyHistogram();
  final LatencyHistogram itl = new LatencyHistogram();
  final LatencyHistogram chunkGap = new LatencyHistogram();
  final LatencyHistogram tpot = new LatencyHistogram();

  /** TPOT as vLLM defines it, for {@code vllm_result.json}: (E2E - TTFT) / (output tokens - 1). */
  final LatencyHistogram tpotVllm = new LatencyHistogram();

  final LatencyHistogram e2e = new LatencyHistogram();
  final LatencyHistogram sendLag = new LatencyHistogram();
  final LatencyHistogram ttftFromIntended = new LatencyHistogram();
  final LatencyHistogram e2eFromIntended = new LatencyHistogram();
  final DoubleHistogram requestOutputTokensPerSecond = new DoubleHistogram(3);
  final ErrorKinds errors = new ErrorKinds();
  final Map<Integer, Long> tokensPerChunk = new TreeMap<>();
  final Map<String, Long> tokenSources = new TreeMap<>();
  final Timeline timeline = new Timeline();
  final RequestSample sample = new RequestSample();
  private final Slo slo;
  private final boolean gatlingTimeline;

  long completed;
  long failed;

  /** Attempts that failed and were sent again ({@code retry}), over every request. */
  long retries;

  long good;
  long inputTokens;
  long outputTokens;
  LengthTally lengths = LengthTally.EMPTY;
  PrefixCacheTally prefixCache = PrefixCacheTally.EMPTY;
  long firstSentNanos = Long.MAX_VALUE;
  long lastSentNanos = Long.MIN_VALUE;
  long firstIntendedNanos = Long.MAX_VALUE;
  long lastIntendedNanos = Long.MIN_VALUE;
  long lastEndNanos = Long.MIN_VALUE;

  CellStats(Slo slo) {
    this(slo, true);
  }

  /**
   * @param gatlingTimeline whether Gatling's records feed the timeline (peak concurrency): only
   *     needed when they are the numbers of last resort, and it costs 4 bytes per millisecond
   */
  CellStats(Slo slo, boolean gatlingTimeline) {
    this.slo = slo;
    this.gatlingTimeline = gatlingTimeline;
  }

  Slo slo() {
    return slo;
  }

  void add(RequestRecord r) {
    firstSentNanos = Math.min(firstSentNanos, r.sentNanos());
    lastSentNanos = Math.max(lastSentNanos, r.sentNanos());
    firstIntendedNanos = Math.min(firstIntendedNanos, r.intendedNanos());
    lastIntendedNanos = Math.max(lastIntendedNanos, r.intendedNanos());
    lastEndNanos = Math.max(lastEndNanos, r.sentNanos() + Math.max(0, r.endNanos()));
    sendLag.recordNanos(Math.max(0, r.sendLagNanos()));
    timeline.add(r);
    retries += r.retries().size();
    sample.add(r);
    if (!r.ok()) {
      failed++;
      errors.add(r.error() == null ? "unknown" : r.error());
      return;
    }
    completed++;
    inputTokens += Math.max(0, r.promptTokens() >= 0 ? r.promptTokens() : r.promptTokensAsked());
    outputTokens += Math.max(0, r.outputTokens());
    lengths = lengths.plus(r);
    prefixCache = prefixCache.plus(r);
    tokenSources.merge(String.valueOf(r.tokenSource()), 1L, Long::sum);
    addTimings(RequestMetrics.of(r), Math.max(0, r.sendLagNanos()));
  }

  private void addTimings(RequestMetrics m, long lag) {
    e2e.recordNanos(m.e2eNanos());
    e2eFromIntended.recordNanos(lag + m.e2eNanos());
    if (m.ttftNanos() >= 0) {
      ttft.recordNanos(m.ttftNanos());
      ttftFromIntended.recordNanos(lag + m.ttftNanos());
    }
    if (m.firstAnswerNanos() >= 0) {
      firstAnswer.recordNanos(m.firstAnswerNanos());
    }
    if (m.tpotNanos() >= 0) {
      tpot.recordNanos(m.tpotNanos());
    }
    if (m.tpotVllmNanos() >= 0) {
      tpotVllm.recordNanos(m.tpotVllmNanos());
    }
    double perSecond = m.outputTokensPerSecond();
    if (perSecond > 0 && Double.isFinite(perSecond)) {
      requestOutputTokensPerSecond.recordValue(perSecond);
    }
    m.forEachItlSample(itl::recordNanos);
    for (long gap : m.interChunkGapsNanos()) {
      chunkGap.recordNanos(gap);
    }
    for (int k : m.tokensPerChunk()) {
      tokensPerChunk.merge(Math.min(k, MAX_TOKENS_PER_CHUNK_KEY), 1L, Long::sum);
    }
    if (slo.isSet() && slo.metBy(m)) {
      good++;
    }
  }

  /**
   * Adds one of Gatling's request records ({@code <cell> e2e}, or an older log's {@code <cell>
   * ttft}), for a run whose {@code requests.jsonl} is lost: whole milliseconds, no tokens, times
   * from the run's start.
   */
  void addGatling(LogRequest r, long runStartEpochMillis) {
    long startNanos = (r.startEpochMillis() - runStartEpochMillis) * MS;
    long durationNanos = Math.max(0, r.durationMillis()) * MS;
    if (r.isTtft()) {
      if (r.ok()) {
        ttft.recordNanos(durationNanos);
      }
      return;
    }
    firstSentNanos = Math.min(firstSentNanos, startNanos);
    lastEndNanos = Math.max(lastEndNanos, startNanos + durationNanos);
    if (gatlingTimeline) {
      timeline.addSpan(startNanos, durationNanos);
    }
    if (r.ok()) {
      completed++;
      e2e.recordNanos(durationNanos);
    } else {
      failed++;
      errors.add(r.message().isEmpty() ? "unknown" : r.message());
    }
  }

  /** Adds one of Gatling's {@code <cell> ttft} groups, for a run whose records are lost. */
  void addGatlingTtft(LogGroup g) {
    if (g.ok()) {
      ttft.recordNanos(Math.max(0, g.durationMillis()) * MS);
    }
  }

  private static final long MS = 1_000_000L;

  /** Seconds from the first request sent to the last stream's end; 0 when nothing was sent. */
  double durationSeconds() {
    return lastEndNanos <= firstSentNanos ? 0 : (lastEndNanos - firstSentNanos) / 1e9;
  }

  double perSecond(long count) {
    double d = durationSeconds();
    return d == 0 ? 0 : count / d;
  }

  /** {@link #durationSeconds()}, rounded; null when nothing was sent, so nothing was measured. */
  Double measuredDurationSeconds() {
    return durationSeconds() == 0 ? null : Contracts.round(durationSeconds());
  }

  /** {@code count} per second of the cell, rounded; null when nothing was sent. */
  Double measuredPerSecond(long count) {
    return durationSeconds() == 0 ? null : Contracts.round(perSecond(count));
  }

  /**
   * Peak output tokens/s: the busiest {@value Timeline#PEAK_WINDOW_SECONDS} s window, and never
   * below the cell's mean (tokens that come in bursts apart by nearly a window could otherwise make
   * every window's rate lower than the whole cell's). Null for a cell shorter than the window,
   * where a peak is not meaningful.
   */
  Double peakOutputTokensPerSecond() {
    if (!peakMeaningful()) {
      return null;
    }
    return Contracts.round(
        Math.max(timeline.busiestWindowTokensPerSecond(), perSecond(outputTokens)));
  }

  /** Whether the cell lasted at least the peak's window. */
  boolean peakMeaningful() {
    return durationSeconds() >= Timeline.PEAK_WINDOW_SECONDS;
  }
}
