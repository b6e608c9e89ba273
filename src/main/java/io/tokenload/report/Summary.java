package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** {@code summary.json}: every cell's numbers, and what could not be read. */
record Summary(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("run_id") String runId,
    String target,
    String model,
    @JsonProperty("percentile_method") String percentileMethod,
    CellSummary run,
    List<CellSummary> cells,
    List<RecordReader.Skipped> skipped) {

  /** A latency distribution in milliseconds. */
  record Distribution(
      long count,
      double mean,
      double p50,
      double p90,
      double p99,
      @JsonProperty("p99_9") double p999,
      double max) {

    static Distribution of(LatencyHistogram h) {
      return new Distribution(
          h.count(),
          Contracts.round(h.meanMs()),
          Contracts.round(h.percentileMs(50)),
          Contracts.round(h.percentileMs(90)),
          Contracts.round(h.percentileMs(99)),
          Contracts.round(h.percentileMs(99.9)),
          Contracts.round(h.maxMs()));
    }
  }

  record CellSummary(
      String name,
      @JsonProperty("input_tokens") int inputTokens,
      @JsonProperty("output_tokens") int outputTokens,
      int concurrency,
      long completed,
      long failed,
      @JsonProperty("duration_s") double durationS,
      @JsonProperty("requests_per_s") double requestsPerS,
      @JsonProperty("output_tokens_per_s") double outputTokensPerS,
      @JsonProperty("total_tokens_per_s") double totalTokensPerS,
      @JsonProperty("ttft_ms") Distribution ttftMs,
      @JsonProperty("itl_ms") Distribution itlMs,
      @JsonProperty("tpot_ms") Distribution tpotMs,
      @JsonProperty("e2e_ms") Distribution e2eMs,
      @JsonProperty("send_lag_ms") Distribution sendLagMs,
      Map<String, Long> errors) {

    static CellSummary of(String name, int in, int out, int concurrency, CellStats s) {
      return new CellSummary(
          name,
          in,
          out,
          concurrency,
          s.completed,
          s.failed,
          Contracts.round(s.durationSeconds()),
          Contracts.round(s.requestsPerSecond()),
          Contracts.round(s.outputTokensPerSecond()),
          Contracts.round(s.totalTokensPerSecond()),
          Distribution.of(s.ttft),
          Distribution.of(s.itl),
          Distribution.of(s.tpot),
          Distribution.of(s.e2e),
          Distribution.of(s.sendLag),
          s.errors);
    }
  }
}
