package io.tokenload.report;

import io.tokenload.metrics.RequestMetrics;
import io.tokenload.metrics.RequestRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The statistics of a set of requests (one cell, or a whole run), accumulated one record at a
 * time in bounded memory.
 */
final class CellStats {

  private static final int MAX_ERROR_KINDS = 50;

  final LatencyHistogram ttft = new LatencyHistogram();
  final LatencyHistogram itl = new LatencyHistogram();
  final LatencyHistogram tpot = new LatencyHistogram();
  final LatencyHistogram e2e = new LatencyHistogram();
  final LatencyHistogram sendLag = new LatencyHistogram();
  final Map<String, Long> errors = new LinkedHashMap<>();

  long completed;
  long failed;
  long inputTokens;
  long outputTokens;
  long firstSentNanos = Long.MAX_VALUE;
  long lastEndNanos = Long.MIN_VALUE;

  void add(RequestRecord r) {
    firstSentNanos = Math.min(firstSentNanos, r.sentNanos());
    lastEndNanos = Math.max(lastEndNanos, r.sentNanos() + Math.max(0, r.endNanos()));
    sendLag.recordNanos(Math.max(0, r.sendLagNanos()));
    if (!r.ok()) {
      failed++;
      String reason = r.error() == null ? "unknown" : r.error();
      if (errors.size() < MAX_ERROR_KINDS || errors.containsKey(reason)) {
        errors.merge(reason, 1L, Long::sum);
      } else {
        errors.merge("other errors", 1L, Long::sum);
      }
      return;
    }
    completed++;
    inputTokens += Math.max(0, r.promptTokens() >= 0 ? r.promptTokens() : r.promptTokensAsked());
    outputTokens += Math.max(0, r.outputTokens());
    RequestMetrics m = RequestMetrics.of(r);
    e2e.recordNanos(m.e2eNanos());
    if (m.ttftNanos() >= 0) {
      ttft.recordNanos(m.ttftNanos());
    }
    if (m.tpotNanos() >= 0) {
      tpot.recordNanos(m.tpotNanos());
    }
    m.forEachItlSample(itl::recordNanos);
  }

  /** Seconds from the first request sent to the last stream's end; 0 when nothing was sent. */
  double durationSeconds() {
    return lastEndNanos <= firstSentNanos ? 0 : (lastEndNanos - firstSentNanos) / 1e9;
  }

  double requestsPerSecond() {
    double d = durationSeconds();
    return d == 0 ? 0 : completed / d;
  }

  double outputTokensPerSecond() {
    double d = durationSeconds();
    return d == 0 ? 0 : outputTokens / d;
  }

  double totalTokensPerSecond() {
    double d = durationSeconds();
    return d == 0 ? 0 : (inputTokens + outputTokens) / d;
  }
}
