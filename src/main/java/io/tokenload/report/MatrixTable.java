package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-cell table a matrix run ends with, read from {@code summary.json}: lengths, load,
 * requests, throughput, TTFT and ITL p50/p99, errors, then the errors by kind. A value not measured
 * shows as {@code -}; a cut cell's requests as {@code 60 of 200 (cut)}. The same rows feed the
 * index page.
 */
public final class MatrixTable {

  static final String[] HEADER = {
    "input",
    "output",
    "load",
    "requests",
    "req/s",
    "out tok/s",
    "TTFT p50",
    "TTFT p99",
    "ITL p50",
    "ITL p99",
    "TPOT p50",
    "TPOT p99",
    "E2E p50",
    "E2E p99",
    "errors"
  };
  private static final ObjectMapper JSON = new ObjectMapper();

  private MatrixTable() {}

  /** The table's rows, one per cell, as display strings. */
  static List<String[]> rows(JsonNode summary) {
    List<String[]> rows = new ArrayList<>();
    for (JsonNode c : summary.path("cells")) {
      JsonNode latency = c.path("latency");
      rows.add(
          new String[] {
            c.path("input_tokens").asText(),
            c.path("output_tokens").asText(),
            load(c.path("name").asText()),
            requests(c),
            fixed(c.path("throughput").path("requests_per_s"), 2),
            fixed(c.path("throughput").path("output_tokens_per_s"), 1),
            fixed(latency.path("ttft_ms").path("p50"), 1),
            fixed(latency.path("ttft_ms").path("p99"), 1),
            fixed(latency.path("itl_ms").path("p50"), 2),
            fixed(latency.path("itl_ms").path("p99"), 2),
            fixed(latency.path("tpot_ms").path("p50"), 2),
            fixed(latency.path("tpot_ms").path("p99"), 2),
            fixed(latency.path("e2e_ms").path("p50"), 1),
            fixed(latency.path("e2e_ms").path("p99"), 1),
            Long.toString(c.path("failed").asLong())
          });
    }
    return rows;
  }

  /**
   * The requests recorded; for a cell that did not run to its end, against those planned: {@code 60
   * of 200 (cut)}.
   */
  static String requests(JsonNode cell) {
    long recorded = cell.path("completed").asLong() + cell.path("failed").asLong();
    if (cell.path("complete").asBoolean(true)) {
      return Long.toString(recorded);
    }
    return recorded + " of " + cell.path("planned_requests").asLong() + " (cut)";
  }

  /** Failed requests of each cell by kind, with an example: one line per cell and kind. */
  static List<String> errorLines(JsonNode summary) {
    List<String> lines = new ArrayList<>();
    for (JsonNode c : summary.path("cells")) {
      c.path("errors")
          .fields()
          .forEachRemaining(
              e ->
                  lines.add(
                      String.format(
                          Locale.ROOT,
                          "%s: %d x %s (e.g. \"%s\")",
                          c.path("name").asText(),
                          e.getValue().asLong(),
                          e.getKey(),
                          c.path("error_examples").path(e.getKey()).asText(e.getKey()))));
    }
    return lines;
  }

  /** {@code c16} → {@code c=16}, {@code r2.5} → {@code 2.5/s}: the load part of a cell's name. */
  static String load(String cellName) {
    String last = cellName.substring(cellName.lastIndexOf('-') + 1);
    if (last.startsWith("c")) {
      return "c=" + last.substring(1);
    }
    return last.startsWith("r") ? last.substring(1) + "/s" : last;
  }

  /** The table as aligned text, with times in ms. */
  public static String render(Path runDir) throws IOException {
    JsonNode summary = JSON.readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile());
    List<String[]> rows = rows(summary);
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder out = new StringBuilder("times in ms\n");
    line(out, HEADER, width);
    for (String[] r : rows) {
      line(out, r, width);
    }
    List<String> errors = errorLines(summary);
    if (!errors.isEmpty()) {
      out.append("errors by kind (numbers and ids shown as <n> and <id>):\n");
      errors.forEach(e -> out.append("  ").append(e).append('\n'));
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String[] cells, int[] width) {
    for (int i = 0; i < cells.length; i++) {
      out.append(
          String.format(
              Locale.ROOT, i == 0 ? "%" + width[i] + "s" : "  %" + width[i] + "s", cells[i]));
    }
    out.append('\n');
  }

  /** A number with {@code decimals} places; {@code -} when it was not measured (null). */
  private static String fixed(JsonNode v, int decimals) {
    return v.isNumber() ? String.format(Locale.ROOT, "%." + decimals + "f", v.asDouble()) : "-";
  }
}
