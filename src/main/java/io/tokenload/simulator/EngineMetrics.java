package io.tokenload.simulator;

import java.util.Locale;

/**
 * What the {@link Engine} tells a Prometheus scraper, under vLLM's metric names (vLLM V1's {@code
 * vllm/v1/metrics/loggers.py}), so that tokenload's scraper and any vLLM dashboard read the
 * embedded target as they would read vLLM: running and waiting requests, KV-cache usage (the share
 * of {@code kvBudgetTokens} the running sequences reserve, the quantity admission is decided on),
 * preemptions (always 0: the model never preempts), prefix-cache queries and hits (queries are the
 * prompt tokens admitted; no prefix cache, so no hits), prompt and generation tokens, and the
 * histograms of queue time and time to first token (from arrival at the engine to the end of the
 * step that produced the first token), with vLLM's buckets.
 *
 * <p>Threading: the engine's thread writes, an HTTP event loop renders. Each method is {@code
 * synchronized}; the lock is uncontended except during a scrape, which comes once a second or so.
 */
final class EngineMetrics {

  private static final double[] TTFT_BUCKETS = {
    0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    20.0, 40.0, 80.0, 160.0, 640.0, 2560.0
  };
  private static final double[] QUEUE_BUCKETS = {
    0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0,
    480.0, 960.0, 1920.0, 7680.0
  };

  private final long kvBudgetTokens;
  private final Histogram ttft = new Histogram(TTFT_BUCKETS);
  private final Histogram queue = new Histogram(QUEUE_BUCKETS);
  private int running;
  private int waiting;
  private long reservedTokens;
  private long promptTokens;
  private long generationTokens;
  private long prefixQueries;
  private long finished;

  EngineMetrics(long kvBudgetTokens) {
    this.kvBudgetTokens = kvBudgetTokens;
  }

  synchronized void gauges(int running, int waiting, long reservedTokens) {
    this.running = running;
    this.waiting = waiting;
    this.reservedTokens = reservedTokens;
  }

  synchronized void admitted(int promptTokens, long queuedNanos) {
    prefixQueries += promptTokens;
    queue.observe(queuedNanos / 1e9);
  }

  synchronized void prefilled(int tokens) {
    promptTokens += tokens;
  }

  synchronized void generated(boolean first, long sinceArrivalNanos) {
    generationTokens++;
    if (first) {
      ttft.observe(sinceArrivalNanos / 1e9);
    }
  }

  synchronized void finished() {
    finished++;
  }

  /** The text exposition format (version 0.0.4), every series labelled with the model. */
  synchronized String render(String model) {
    String labels = "model_name=\"" + model.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    StringBuilder out = new StringBuilder(4096);
    gauge(out, "vllm:num_requests_running", "Requests in the running batch.", labels, running);
    gauge(out, "vllm:num_requests_waiting", "Requests waiting to be admitted.", labels, waiting);
    gauge(
        out,
        "vllm:kv_cache_usage_perc",
        "KV-cache usage, 1 means 100 percent.",
        labels,
        (double) reservedTokens / kvBudgetTokens);
    counter(out, "vllm:num_preemptions", "Preemptions (this model never preempts).", labels, 0);
    counter(out, "vllm:prefix_cache_queries", "Prompt tokens looked up.", labels, prefixQueries);
    counter(out, "vllm:prefix_cache_hits", "Prompt tokens found cached.", labels, 0);
    counter(out, "vllm:prompt_tokens", "Prefill tokens processed.", labels, promptTokens);
    counter(out, "vllm:generation_tokens", "Generation tokens.", labels, generationTokens);
    counter(
        out,
        "vllm:request_success",
        "Requests finished.",
        labels + ",finished_reason=\"length\"",
        finished);
    queue.render(out, "vllm:request_queue_time_seconds", "Time in the waiting queue.", labels);
    ttft.render(out, "vllm:time_to_first_token_seconds", "Time to first token.", labels);
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, String labels, double v) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
    out.append(name).append('{').append(labels).append("} ").append(number(v)).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, String labels, long v) {
    out.append("# HELP ").append(name).append("_total ").append(help).append('\n');
    out.append("# TYPE ").append(name).append("_total counter\n");
    out.append(name).append("_total{").append(labels).append("} ").append(v).append(".0\n");
  }

  private static String number(double v) {
    return String.format(Locale.ROOT, "%s", v);
  }

  /** A cumulative Prometheus histogram. */
  private static final class Histogram {
    private final double[] bounds;
    private final long[] counts;
    private double sum;
    private long count;

    Histogram(double[] bounds) {
      this.bounds = bounds;
      this.counts = new long[bounds.length];
    }

    void observe(double value) {
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          counts[i]++;
          break;
        }
      }
      sum += value;
      count++;
    }

    void render(StringBuilder out, String name, String help, String labels) {
      out.append("# HELP ").append(name).append(' ').append(help).append('\n');
      out.append("# TYPE ").append(name).append(" histogram\n");
      long cumulative = 0;
      for (int i = 0; i < bounds.length; i++) {
        cumulative += counts[i];
        bucket(out, name, labels, number(bounds[i]), cumulative);
      }
      bucket(out, name, labels, "+Inf", count);
      out.append(name).append("_sum{").append(labels).append("} ").append(number(sum));
      out.append('\n');
      out.append(name).append("_count{").append(labels).append("} ").append(count).append(".0\n");
    }

    private static void bucket(StringBuilder out, String name, String labels, String le, long n) {
      out.append(name).append("_bucket{").append(labels).append(",le=\"").append(le);
      out.append("\"} ").append(n).append(".0\n");
    }
  }
}
