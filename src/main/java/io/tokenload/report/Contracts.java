package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

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
      @JsonProperty("p50_ms") double p50Ms,
      @JsonProperty("p90_ms") double p90Ms,
      @JsonProperty("p99_ms") double p99Ms,
      long requests,
      @JsonProperty("mean_ms") double meanMs,
      @JsonProperty("max_ms") double maxMs,
      long failed,
      String metric,
      String unit,
      @JsonProperty("percentile_method") String percentileMethod,
      @JsonProperty("schema_version") int schemaVersion) {

    static LatencyP99 of(LatencyHistogram e2e, long failed) {
      return new LatencyP99(
          "latency_p99",
          round(e2e.percentileMs(50)),
          round(e2e.percentileMs(90)),
          round(e2e.percentileMs(99)),
          e2e.count(),
          round(e2e.meanMs()),
          round(e2e.maxMs()),
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
      double rps,
      int concurrency,
      @JsonProperty("duration_s") double durationS,
      long completed,
      long failed,
      @JsonProperty("output_tokens_per_s") double outputTokensPerS,
      @JsonProperty("total_tokens_per_s") double totalTokensPerS,
      @JsonProperty("schema_version") int schemaVersion) {

    static ThroughputRps of(CellStats s, int concurrency) {
      return new ThroughputRps(
          "throughput_rps",
          round(s.perSecond(s.completed)),
          concurrency,
          round(s.durationSeconds()),
          s.completed,
          s.failed,
          round(s.perSecond(s.outputTokens)),
          round(s.perSecond(s.inputTokens + s.outputTokens)),
          SCHEMA_VERSION);
    }
  }

  /** Three decimals: microseconds for times in ms; enough for rates. */
  static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
