package io.tokenload.servermetrics;

import java.util.List;
import java.util.Map;

/**
 * The well-known series of the servers tokenload knows, by role. The names come from each project's
 * own code: vLLM V1 ({@code vllm/v1/metrics/loggers.py}), SGLang ({@code
 * sglang/srt/metrics/collector.py}), Text Generation Inference (its router's {@code metrics::}
 * calls) and Triton (its core metrics, and the TensorRT-LLM backend's {@code nv_trt_llm_*}). Where
 * a role has several names (vLLM renamed {@code gpu_cache_usage_perc} to {@code
 * kv_cache_usage_perc}), the first present wins. A server that has no series of a role leaves it
 * out.
 *
 * <p>Roles: gauges {@code running}, {@code waiting}, {@code kv_cache_usage} (a fraction, 1 = full);
 * counters {@code preemptions}, {@code prefix_cache_queries}, {@code prefix_cache_hits}, {@code
 * prompt_tokens}, {@code generation_tokens}, {@code requests_finished}; histograms in seconds
 * {@code ttft}, {@code queue_time}.
 */
public enum ServerKind {
  VLLM(
      Map.of(
          "running", List.of(Selector.of("vllm:num_requests_running")),
          "waiting", List.of(Selector.of("vllm:num_requests_waiting")),
          "kv_cache_usage",
              List.of(
                  Selector.of("vllm:kv_cache_usage_perc"),
                  Selector.of("vllm:gpu_cache_usage_perc"))),
      Map.of(
          "preemptions", List.of(Selector.of("vllm:num_preemptions_total")),
          "prefix_cache_queries", List.of(Selector.of("vllm:prefix_cache_queries_total")),
          "prefix_cache_hits", List.of(Selector.of("vllm:prefix_cache_hits_total")),
          "prompt_tokens", List.of(Selector.of("vllm:prompt_tokens_total")),
          "generation_tokens", List.of(Selector.of("vllm:generation_tokens_total")),
          "requests_finished", List.of(Selector.of("vllm:request_success_total"))),
      Map.of(
          "ttft", List.of(Selector.of("vllm:time_to_first_token_seconds")),
          "queue_time", List.of(Selector.of("vllm:request_queue_time_seconds")))),
  SGLANG(
      Map.of(
          "running", List.of(Selector.of("sglang:num_running_reqs")),
          "waiting", List.of(Selector.of("sglang:num_queue_reqs")),
          "kv_cache_usage", List.of(Selector.of("sglang:token_usage"))),
      Map.of(
          "prefix_cache_queries", List.of(Selector.of("sglang:prompt_tokens_total")),
          "prefix_cache_hits", List.of(Selector.of("sglang:cached_tokens_total")),
          "prompt_tokens", List.of(Selector.of("sglang:prompt_tokens_total")),
          "generation_tokens", List.of(Selector.of("sglang:generation_tokens_total")),
          "requests_finished", List.of(Selector.of("sglang:num_requests_total"))),
      Map.of(
          "ttft", List.of(Selector.of("sglang:time_to_first_token_seconds")),
          "queue_time", List.of(Selector.of("sglang:queue_time_seconds")))),
  TGI(
      Map.of(
          "running", List.of(Selector.of("tgi_batch_current_size")),
          "waiting", List.of(Selector.of("tgi_queue_size"))),
      Map.of(
          "prompt_tokens", List.of(Selector.of("tgi_request_input_length_sum")),
          "generation_tokens", List.of(Selector.of("tgi_request_generated_tokens_sum")),
          "requests_finished", List.of(Selector.of("tgi_request_success"))),
      Map.of("queue_time", List.of(Selector.of("tgi_request_queue_duration")))),
  TRITON(
      Map.of(
          "running",
              List.of(Selector.of("nv_trt_llm_request_metrics", "request_type", "scheduled")),
          "waiting",
              List.of(
                  Selector.of("nv_trt_llm_request_metrics", "request_type", "waiting"),
                  Selector.of("nv_inference_pending_request_count")),
          "kv_cache_usage",
              List.of(
                  Selector.of(
                      "nv_trt_llm_kv_cache_block_metrics", "kv_cache_block_type", "fraction"))),
      Map.of("requests_finished", List.of(Selector.of("nv_inference_request_success"))),
      // Time to the first response, which for a decoupled (streaming) model is the first token.
      Map.of(
          "ttft",
          List.of(new Selector("nv_inference_first_response_histogram_ms", Map.of(), 0.001))));

  private final Map<String, List<Selector>> gauges;
  private final Map<String, List<Selector>> counters;
  private final Map<String, List<Selector>> histograms;

  ServerKind(
      Map<String, List<Selector>> gauges,
      Map<String, List<Selector>> counters,
      Map<String, List<Selector>> histograms) {
    this.gauges = gauges;
    this.counters = counters;
    this.histograms = histograms;
  }

  /** The first kind with a series in {@code scrape}, or null when it holds none of them. */
  public static ServerKind detect(Scrape scrape) {
    for (ServerKind kind : values()) {
      for (List<Selector> names : kind.gauges.values()) {
        for (Selector s : names) {
          if (scrape.sum(s) != null) {
            return kind;
          }
        }
      }
    }
    return null;
  }

  /** This kind's series in {@code scrape}, read as a {@link Reading} taken at {@code tMs}. */
  public Reading read(Scrape scrape, double tMs) {
    Map<String, Double> g = new java.util.TreeMap<>();
    gauges.forEach((role, names) -> first(scrape, names).ifPresent(v -> g.put(role, v)));
    Map<String, Double> c = new java.util.TreeMap<>();
    counters.forEach((role, names) -> first(scrape, names).ifPresent(v -> c.put(role, v)));
    Map<String, Buckets> h = new java.util.TreeMap<>();
    histograms.forEach(
        (role, names) -> {
          for (Selector s : names) {
            Buckets b = scrape.histogram(s);
            if (b != null) {
              h.put(role, b);
              return;
            }
          }
        });
    return new Reading(tMs, name(), g, c, h, null);
  }

  /** The lower-case name written in the files: {@code vllm}, {@code sglang}, {@code tgi}, ... */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  private static java.util.Optional<Double> first(Scrape scrape, List<Selector> names) {
    for (Selector s : names) {
      Double v = scrape.sum(s);
      if (v != null) {
        return java.util.Optional.of(v);
      }
    }
    return java.util.Optional.empty();
  }
}
