package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The block a run prints at its very end, laid out as {@code vllm bench serve} prints its result,
 * from the whole run's numbers in {@code summary.json}: so a reader used to vLLM's benchmark finds
 * the same lines in the same place.
 */
public final class BenchBlock {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RULE = "=".repeat(50);
  private static final String THIN = "-".repeat(50);

  private BenchBlock() {}

  /** The block's lines for {@code runDir}'s summary. */
  public static List<String> lines(Path runDir) throws IOException {
    JsonNode run = JSON.readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile()).get("run");
    JsonNode t = run.get("throughput");
    JsonNode l = run.get("latency");
    List<String> out = new ArrayList<>();
    out.add(center(" Serving Benchmark Result (tokenload) ", '='));
    row(out, "Successful requests:", run.get("completed"));
    row(out, "Failed requests:", run.get("failed"));
    row(out, "Benchmark duration (s):", run.get("duration_s"));
    row(out, "Total input tokens:", run.get("tokens").get("input"));
    row(out, "Total generated tokens:", run.get("tokens").get("output"));
    row(out, "Request throughput (req/s):", t.get("requests_per_s"));
    row(out, "Output token throughput (tok/s):", t.get("output_tokens_per_s"));
    row(out, "Peak output token throughput (tok/s):", t.get("peak_output_tokens_per_s"));
    row(out, "Total Token throughput (tok/s):", t.get("total_tokens_per_s"));
    latency(out, "Time to First Token", "TTFT", l.get("ttft_ms"));
    latency(out, "Time per Output Token (excl. 1st token)", "TPOT", l.get("tpot_ms"));
    latency(out, "Inter-token Latency", "ITL", l.get("itl_ms"));
    latency(out, "End-to-end Latency", "E2EL", l.get("e2e_ms"));
    out.add(RULE);
    return out;
  }

  private static void latency(List<String> out, String title, String key, JsonNode d) {
    out.add(center(title, '-'));
    row(out, "Mean " + key + " (ms):", d.get("mean"));
    row(out, "Median " + key + " (ms):", d.get("p50"));
    row(out, "P99 " + key + " (ms):", d.get("p99"));
  }

  private static void row(List<String> out, String label, JsonNode value) {
    String v;
    if (value == null || value.isNull()) {
      v = "n/a";
    } else if (value.isIntegralNumber()) {
      v = Long.toString(value.asLong());
    } else {
      v = String.format(Locale.ROOT, "%.2f", value.asDouble());
    }
    out.add(String.format(Locale.ROOT, "%-40s%10s", label, v));
  }

  private static String center(String title, char fill) {
    int left = Math.max(0, (THIN.length() - title.length()) / 2);
    int right = Math.max(0, THIN.length() - title.length() - left);
    return String.valueOf(fill).repeat(left) + title + String.valueOf(fill).repeat(right);
  }
}
