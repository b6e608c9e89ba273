package io.tokenload.models;

import java.util.List;
import java.util.Map;

/** The page comparing a matrix run's rows: one table line per row, linking each row's report. */
final class MatrixPage {

  private static final String[] FIGURES = {
    "requests_per_s",
    "output_tokens_per_s",
    "ttft_p50_ms",
    "ttft_p99_ms",
    "itl_p50_ms",
    "itl_p99_ms",
    "e2e_p99_ms",
    "completed",
    "failed"
  };

  private MatrixPage() {}

  static String html(String title, List<MatrixSummary.Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>body{font-family:sans-serif}table{border-collapse:collapse}")
        .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("td:nth-child(-n+4),th:nth-child(-n+4){text-align:left}</style></head><body>\n")
        .append("<h1>Model matrix ")
        .append(escape(title))
        .append("</h1>\n<table>\n<tr><th>row</th><th>backend</th><th>model</th><th>status</th>");
    for (String f : FIGURES) {
      sb.append("<th>").append(f).append("</th>");
    }
    sb.append("</tr>\n");
    for (MatrixSummary.Row r : rows) {
      String name =
          r.figures().isEmpty()
              ? escape(r.name())
              : "<a href=\"" + escape(r.name()) + "/index.html\">" + escape(r.name()) + "</a>";
      sb.append("<tr><td>")
          .append(name)
          .append("</td><td>")
          .append(escape(r.backend()))
          .append("</td><td>")
          .append(escape(r.model()))
          .append("</td><td>")
          .append(escape(r.status()))
          .append(r.reason() == null ? "" : ": " + escape(r.reason()))
          .append("</td>");
      for (String f : FIGURES) {
        sb.append("<td>").append(cell(r.figures(), f)).append("</td>");
      }
      sb.append("</tr>\n");
    }
    return sb.append("</table>\n</body></html>\n").toString();
  }

  private static String cell(Map<String, Object> figures, String key) {
    Object v = figures.get(key);
    return v == null ? "" : escape(v.toString());
  }

  private static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
