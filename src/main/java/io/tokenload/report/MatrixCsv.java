package io.tokenload.report;

import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code matrix.csv}: one row per cell, for spreadsheets and dashboards (RFC 4180: comma-separated,
 * a header line, CRLF line ends, fields quoted only when they hold a comma, quote or line break).
 * Times in milliseconds, rates per second; an empty field is a value that does not apply (no rate
 * in a closed cell, no goodput without SLOs). Columns: {@code docs/reports.md}.
 */
final class MatrixCsv {

  static final String FILE = "matrix.csv";

  private record Column(String name, Function<Row, Object> value) {}

  private record Row(Summary.CellSummary c, CellSpec spec) {
    Summary.Latency l() {
      return c.latency();
    }
  }

  static final List<Column> COLUMNS =
      List.of(
          new Column("cell", r -> r.c().name()),
          new Column("input_tokens", r -> r.c().inputTokens()),
          new Column("output_tokens", r -> r.c().outputTokens()),
          new Column("concurrency", r -> r.c().concurrency()),
          new Column(
              "rate_per_s",
              r -> r.spec() != null && r.spec().open() ? r.spec().ratePerSecond() : null),
          new Column("planned_requests", r -> r.c().plannedRequests()),
          new Column("complete", r -> r.c().complete()),
          new Column("requests", r -> r.c().completed() + r.c().failed()),
          new Column("completed", r -> r.c().completed()),
          new Column("failed", r -> r.c().failed()),
          new Column("error_rate", r -> errorRate(r.c())),
          new Column("duration_s", r -> r.c().durationS()),
          new Column("requests_per_s", r -> r.c().throughput().requestsPerS()),
          new Column("output_tokens_per_s", r -> r.c().throughput().outputTokensPerS()),
          new Column("total_tokens_per_s", r -> r.c().throughput().totalTokensPerS()),
          new Column("goodput_per_s", r -> r.c().throughput().goodputPerS()),
          new Column("ttft_p50_ms", r -> r.l().ttftMs().p50()),
          new Column("ttft_p90_ms", r -> r.l().ttftMs().p90()),
          new Column("ttft_p99_ms", r -> r.l().ttftMs().p99()),
          new Column("itl_p50_ms", r -> r.l().itlMs().p50()),
          new Column("itl_p90_ms", r -> r.l().itlMs().p90()),
          new Column("itl_p99_ms", r -> r.l().itlMs().p99()),
          new Column("tpot_p50_ms", r -> r.l().tpotMs().p50()),
          new Column("tpot_p99_ms", r -> r.l().tpotMs().p99()),
          new Column("e2e_p50_ms", r -> r.l().e2eMs().p50()),
          new Column("e2e_p90_ms", r -> r.l().e2eMs().p90()),
          new Column("e2e_p99_ms", r -> r.l().e2eMs().p99()),
          new Column("peak_output_tokens_per_s", r -> r.c().throughput().peakOutputTokensPerS()),
          new Column("peak_concurrency", r -> r.c().throughput().peakConcurrency()),
          new Column("send_lag_p99_ms", r -> r.c().client().sendLagMs().p99()),
          new Column("client_limited", r -> r.c().client().limited()));

  private MatrixCsv() {}

  static void write(Path runDir, List<Summary.CellSummary> cells, Map<String, CellSpec> specs)
      throws IOException {
    try (Writer out = Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8)) {
      out.write(String.join(",", COLUMNS.stream().map(Column::name).toList()));
      out.write("\r\n");
      for (Summary.CellSummary c : cells) {
        Row row = new Row(c, specs.get(c.name()));
        StringBuilder line = new StringBuilder();
        for (Column col : COLUMNS) {
          if (line.length() > 0) {
            line.append(',');
          }
          line.append(field(col.value().apply(row)));
        }
        out.write(line.append("\r\n").toString());
      }
    }
  }

  private static Double errorRate(Summary.CellSummary c) {
    long n = c.completed() + c.failed();
    return n == 0 ? null : Contracts.round((double) c.failed() / n);
  }

  /** A value as a CSV field: plain decimals (never {@code 1.0E-4}), quoted when it must be. */
  static String field(Object v) {
    if (v == null) {
      return "";
    }
    String s =
        v instanceof Double d
            ? (d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString(d.longValue())
                : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString())
            : v.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
