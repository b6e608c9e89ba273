package io.tokenload.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top of a matrix run: {@code summary.json} (per row its status and headline figures, and how
 * many rows passed, failed and were skipped), {@code index.html} comparing the rows, and the rows'
 * finished cells copied into {@code events.jsonl}. A row's status comes from its events: {@code
 * skipped} (key unset), {@code preflight_failed} (the check before load refused it), {@code passed}
 * or {@code failed} (its run's exit code).
 */
public final class MatrixSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One row's line.
   *
   * @param figures the headline figures of its run's {@code summary.json} ({@code run} part), empty
   *     when it did not run
   */
  public record Row(
      String name,
      String backend,
      String model,
      String status,
      String reason,
      Map<String, Object> figures) {}

  private MatrixSummary() {}

  /** Writes the summary and the page of the matrix run in {@code dir}; returns its rows. */
  public static List<Row> write(Path dir, List<ModelRow> rows) throws IOException {
    Map<String, JsonNode> last = new LinkedHashMap<>();
    for (JsonNode e : MatrixEvents.read(dir)) {
      if (e.hasNonNull("row") && !"cell_end".equals(e.path("stage").asText())) {
        last.put(e.get("row").asText(), e);
      }
    }
    List<Row> out = new ArrayList<>();
    for (ModelRow r : rows) {
      JsonNode e = last.get(r.name());
      String status = e == null ? "not_run" : e.path("status").asText(e.path("stage").asText());
      String reason = e == null ? null : e.path("reason").asText(null);
      Map<String, Object> figures = figures(dir.resolve(r.name()));
      if (!figures.isEmpty()) {
        copyCellEvents(dir, r.name());
      }
      out.add(new Row(r.name(), r.backend(), r.model(), status, reason, figures));
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("matrix", dir.getFileName().toString());
    summary.put("passed", count(out, "passed"));
    summary.put("failed", count(out, "failed") + count(out, "preflight_failed"));
    summary.put("skipped", count(out, "skipped"));
    summary.put("rows", out);
    JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
    Files.writeString(
        dir.resolve("index.html"), MatrixPage.html(dir.getFileName().toString(), out));
    return out;
  }

  private static long count(List<Row> rows, String status) {
    return rows.stream().filter(r -> status.equals(r.status())).count();
  }

  /** Headline figures of a row's run folder ({@code summary.json}'s {@code run}); empty if none. */
  private static Map<String, Object> figures(Path runDir) throws IOException {
    Path file = runDir.resolve("summary.json");
    Map<String, Object> f = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      return f;
    }
    JsonNode run = JSON.readTree(file.toFile()).path("run");
    f.put("completed", run.path("completed").asLong());
    f.put("failed", run.path("failed").asLong());
    f.put("requests_per_s", number(run.path("throughput").path("requests_per_s")));
    f.put("output_tokens_per_s", number(run.path("throughput").path("output_tokens_per_s")));
    JsonNode latency = run.path("latency");
    f.put("ttft_mean_ms", number(latency.path("ttft_ms").path("mean")));
    f.put("itl_mean_ms", number(latency.path("itl_ms").path("mean")));
    f.put("ttft_p50_ms", number(latency.path("ttft_ms").path("p50")));
    f.put("ttft_p99_ms", number(latency.path("ttft_ms").path("p99")));
    f.put("itl_p50_ms", number(latency.path("itl_ms").path("p50")));
    f.put("itl_p99_ms", number(latency.path("itl_ms").path("p99")));
    f.put("e2e_p99_ms", number(latency.path("e2e_ms").path("p99")));
    lengths(f, run.path("tokens"));
    target(f, runDir.resolve("definition.json"));
    return f;
  }

  /**
   * Asked against achieved lengths by the server's own counts ({@code summary.json}'s tally);
   * requests whose protocol reports no counts (Triton) are {@code unreported}, and their output is
   * the tokenizer's count ({@code output_tokens_counted}).
   */
  private static void lengths(Map<String, Object> f, JsonNode tokens) {
    for (String side : new String[] {"input", "output"}) {
      JsonNode tally = tokens.path(side + "_lengths");
      f.put(side + "_tokens_asked", tally.path("asked_tokens").asLong());
      f.put(side + "_tokens_achieved", tally.path("achieved_tokens").asLong());
      f.put(side + "_lengths_exact", tally.path("exact").asLong());
      f.put(side + "_lengths_checked", tally.path("checked").asLong());
      f.put(side + "_lengths_unreported", tally.path("unreported").asLong());
    }
    f.put("output_tokens_counted", tokens.path("output").asLong());
  }

  /** The embedded target's TTFT and ITL settings, when the row ran against it. */
  private static void target(Map<String, Object> f, Path definition) throws IOException {
    if (!Files.isRegularFile(definition)) {
      return;
    }
    JsonNode target = JSON.readTree(definition.toFile()).path("target");
    if (target.path("baseUrl").isNull() || target.path("baseUrl").isMissingNode()) {
      f.put("target_ttft_ms", number(target.path("embeddedTtftMs")));
      f.put("target_itl_ms", number(target.path("embeddedItlMs")));
    }
  }

  private static Double number(JsonNode n) {
    return n.isNumber() ? n.doubleValue() : null;
  }

  /** The row's finished cells ({@code progress.jsonl}) as {@code cell_end} events, once. */
  private static void copyCellEvents(Path dir, String row) throws IOException {
    Path progress = dir.resolve(row).resolve("progress.jsonl");
    if (!Files.isRegularFile(progress)
        || MatrixEvents.read(dir).stream()
            .anyMatch(
                e ->
                    "cell_end".equals(e.path("stage").asText())
                        && row.equals(e.path("row").asText()))) {
      return;
    }
    for (String line : Files.readAllLines(progress)) {
      JsonNode p = line.isBlank() ? null : JSON.readTree(line);
      if (p != null && p.hasNonNull("cell") && p.hasNonNull("finished_at")) {
        MatrixEvents.append(
            dir,
            p.get("finished_at").asText(),
            "cell_end",
            row,
            Map.of("cell", p.get("cell").asText()));
      }
    }
  }
}
