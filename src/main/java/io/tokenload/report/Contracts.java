package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.tokenload.metrics.Slo;

/**
 * The JSON contracts CI and dashboards read. The first fields of each are fixed by the platform
 * guide tokenload grew from ({@code indicator}, {@code p50_ms} …); the rest are documented
 * additions in {@code docs/reports.md}.
 */
final class Contracts {

  static final int SCHEMA_VERSION = 1;
  static final String PERCENTILE_METHOD =
      "HdrHistogram value at percentile, 1 us resolution, 3 significant digits";

  private Contracts() {}

  /** {@code latency_p99.json}: end-to-end latency of the requests that completed. */
  @JsonPropertyOrder({"indicator", "p50_ms", "p90_ms", "p99_ms", "requests"})
  record LatencyP99(
      String indicator,
      @JsonProperty("p50_ms") Double p50Ms,
      @JsonProperty("p90_ms") Double p90Ms,
      @JsonProperty("p99_ms") Double p99Ms,
      long requests,
      @JsonProperty("mean_ms") Double meanMs,
      @JsonProperty("max_ms") Double maxMs,
      long failed,
      String metric,
      String unit,
      @JsonProperty("percentile_method") String percentileMethod,
      @JsonProperty("schema_version") int schemaVersion) {

    static LatencyP99 of(LatencyHistogram e2e, long failed) {
      return new LatencyP99(
          "latency_p99",
          e2e.sampledPercentileMs(50),
          e2e.sampledPercentileMs(90),
          e2e.sampledPercentileMs(99),
          e2e.count(),
          e2e.sampledMeanMs(),
          e2e.sampledMaxMs(),
          failed,
          "e2e_latency",
          "ms",
          PERCENTILE_METHOD,
          SCHEMA_VERSION);
    }
  }

  /** {@code throughput_rps.json}: completed requests per second over the measured window. */
  @JsonPropertyOrder({"indicator", "rps", "concurrency", "duration_s"})
  record ThroughputRps(
      String indicator,
      Double rps,
      int concurrency,
      @JsonProperty("duration_s") Double durationS,
      long completed,
      long failed,
      @JsonProperty("output_tokens_per_s") Double outputTokensPerS,
      @JsonProperty("total_tokens_per_s") Double totalTokensPerS,
      @JsonProperty("schema_version") int schemaVersion) {

    static ThroughputRps of(CellStats s, int concurrency) {
      return new ThroughputRps(
          "throughput_rps",
          s.measuredPerSecond(s.completed),
          concurrency,
          s.measuredDurationSeconds(),
          s.completed,
          s.failed,
          s.measuredPerSecond(s.outputTokens),
          s.measuredPerSecond(s.inputTokens + s.outputTokens),
          SCHEMA_VERSION);
    }
  }

  /**
   * {@code ttft.json}, {@code itl.json}, {@code tpot.json}, {@code e2e_latency.json}: one latency
   * distribution in the shape of {@code latency_p99.json}. {@code requests} counts the completed
   * requests, {@code samples} the values (ITL has one per token after the first).
   */
  @JsonPropertyOrder({"indicator", "p50_ms", "p90_ms", "p99_ms", "requests", "samples"})
  record Indicator(
      String indicator,
      @JsonProperty("p50_ms") Double p50Ms,
      @JsonProperty("p90_ms") Double p90Ms,
      @JsonProperty("p99_ms") Double p99Ms,
      long requests,
      long samples,
      @JsonProperty("mean_ms") Double meanMs,
      @JsonProperty("max_ms") Double maxMs,
      long failed,
      String metric,
      String unit,
      @JsonProperty("percentile_method") String percentileMethod,
      @JsonProperty("schema_version") int schemaVersion) {

    static Indicator of(String indicator, String metric, LatencyHistogram h, CellStats s) {
      return new Indicator(
          indicator,
          h.sampledPercentileMs(50),
          h.sampledPercentileMs(90),
          h.sampledPercentileMs(99),
          s.completed,
          h.count(),
          h.sampledMeanMs(),
          h.sampledMaxMs(),
          s.failed,
          metric,
          "ms",
          PERCENTILE_METHOD,
          SCHEMA_VERSION);
    }
  }

  /**
   * {@code goodput.json}: requests that met every SLO set, per second; written only when one is
   * set.
   */
  @JsonPropertyOrder({"indicator", "goodput_per_s", "good_requests", "requests"})
  record Goodput(
      String indicator,
      @JsonProperty("goodput_per_s") Double goodputPerS,
      @JsonProperty("good_requests") long goodRequests,
      long requests,
      @JsonProperty("good_share") Double goodShare,
      Slo slo,
      @JsonProperty("duration_s") Double durationS,
      @JsonProperty("schema_version") int schemaVersion) {

    static Goodput of(CellStats s, Slo slo) {
      long requests = s.completed + s.failed;
      return new Goodput(
          "goodput",
          s.measuredPerSecond(s.good),
          s.good,
          requests,
          requests == 0 ? null : round((double) s.good / requests),
          slo,
          s.measuredDurationSeconds(),
          SCHEMA_VERSION);
    }
  }

  /** Three decimals: microseconds for times in ms; enough for rates. */
  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
