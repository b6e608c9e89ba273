package io.tokenload.report;

import io.tokenload.workload.CellSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vllm_result.json}: one cell in the keys {@code vllm bench serve --save-result} writes, in
 * its order, so dashboards and scripts built for vLLM read it unchanged. It is what vLLM writes
 * with {@code --percentile-metrics ttft,tpot,itl,e2el --metric-percentiles 99} and without {@code
 * --save-detailed}. Where vLLM's definitions differ from tokenload's, this file follows vLLM's: ITL
 * is the gap between chunks and TPOT is {@code (E2E - TTFT) / (tokens - 1)}; see {@code
 * docs/reports.md}.
 */
final class VllmResult {

  /** The order and names of the metric keys: {@code mean_ttft_ms} … {@code p99_e2el_ms}. */
  static final List<String> METRICS = List.of("ttft", "tpot", "itl", "e2el");

  private static final DateTimeFormatter VLLM_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private VllmResult() {}

  static Map<String, Object> of(RunInfo info, CellSpec spec, CellStats s) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("date", date(info.startedAt()));
    r.put("backend", backend(info));
    r.put("model_id", info.model());
    r.put("tokenizer_id", info.model());
    r.put("num_prompts", s.completed + s.failed);
    boolean open = spec != null && spec.open();
    r.put("request_rate", open ? spec.ratePerSecond() : "inf");
    r.put("burstiness", open && spec.burstiness() > 0 ? spec.burstiness() : 1.0);
    r.put("max_concurrency", spec == null ? null : spec.concurrency());
    r.put("duration", s.durationSeconds());
    r.put("completed", s.completed);
    r.put("failed", s.failed);
    r.put("total_input_tokens", s.inputTokens);
    r.put("total_output_tokens", s.outputTokens);
    r.put("request_throughput", s.perSecond(s.completed));
    r.put("request_goodput", s.slo().isSet() ? s.perSecond(s.good) : null);
    r.put("output_throughput", s.perSecond(s.outputTokens));
    r.put("total_token_throughput", s.perSecond(s.inputTokens + s.outputTokens));
    r.put("max_output_tokens_per_s", s.peakOutputTokensPerSecond());
    r.put("max_concurrent_requests", s.timeline.peakConcurrency());
    metric(r, "ttft", s.ttft);
    metric(r, "tpot", s.tpotVllm);
    metric(r, "itl", s.chunkGap);
    metric(r, "e2el", s.e2e);
    return r;
  }

  private static void metric(Map<String, Object> r, String name, LatencyHistogram h) {
    r.put("mean_" + name + "_ms", h.meanMs());
    r.put("median_" + name + "_ms", h.percentileMs(50));
    r.put("std_" + name + "_ms", h.stddevMs());
    r.put("p99_" + name + "_ms", h.percentileMs(99));
  }

  /**
   * vLLM's {@code backend}: {@code openai-chat} for chat, {@code vllm} or {@code openai} for
   * completions.
   */
  static String backend(RunInfo info) {
    if ("completions".equals(info.api())) {
      return "vllm".equals(info.flavour()) ? "vllm" : "openai";
    }
    return "openai-chat";
  }

  /** vLLM's {@code date}: {@code %Y%m%d-%H%M%S}, here of the run's start in UTC. */
  static String date(String startedAt) {
    try {
      return VLLM_DATE.format(Instant.parse(startedAt));
    } catch (DateTimeParseException | NullPointerException e) {
      return startedAt;
    }
  }
}
