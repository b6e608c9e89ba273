package io.tokenload.report;

import org.HdrHistogram.Histogram;

/**
 * One latency distribution in microseconds, from 1 µs to 1 h with 3 significant digits: bounded
 * memory whatever the number of samples, and percentiles within 0.1 % of the recorded value.
 */
final class LatencyHistogram {

  static final long MAX_MICROS = 3_600_000_000L;
  private final Histogram histogram;

  LatencyHistogram() {
    this(new Histogram(1, MAX_MICROS, 3));
  }

  private LatencyHistogram(Histogram histogram) {
    this.histogram = histogram;
  }

  /** A view of a histogram already recorded in microseconds. */
  static LatencyHistogram ofMicros(Histogram micros) {
    return new LatencyHistogram(micros);
  }

  void recordNanos(long nanos) {
    long micros = Math.max(0, Math.min(MAX_MICROS, Math.round(nanos / 1000.0)));
    histogram.recordValue(micros);
  }

  long count() {
    return histogram.getTotalCount();
  }

  /** The value at {@code percentile} (0–100) in milliseconds; 0 when empty. */
  double percentileMs(double percentile) {
    return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  /**
   * The value at {@code percentile} in milliseconds, rounded for a contract file; null when empty,
   * so that a distribution with no sample never reads as 0 ms.
   */
  Double sampledPercentileMs(double percentile) {
    return count() == 0 ? null : Contracts.round(percentileMs(percentile));
  }

  /** The mean in milliseconds, rounded; null when empty. */
  Double sampledMeanMs() {
    return count() == 0 ? null : Contracts.round(meanMs());
  }

  /** The largest value in milliseconds, rounded; null when empty. */
  Double sampledMaxMs() {
    return count() == 0 ? null : Contracts.round(maxMs());
  }

  double meanMs() {
    return count() == 0 ? 0 : histogram.getMean() / 1000.0;
  }

  double maxMs() {
    return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
  }

  double stddevMs() {
    return count() == 0 ? 0 : histogram.getStdDeviation() / 1000.0;
  }

  Histogram raw() {
    return histogram;
  }
}
