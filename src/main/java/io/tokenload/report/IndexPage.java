package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code index.html} of a run folder: the matrix table and links to every output and to Gatling's
 * HTML report. Static and self-contained: it opens from disk, offline.
 */
final class IndexPage {

  static final String FILE = "index.html";
  /** Written by the simulation: the Gatling report's folder, relative to the run folder. */
  static final String GATLING_LINK_FILE = "gatling-report.txt";
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexPage() {}

  static void write(Path runDir) throws IOException {
    JsonNode summary = JSON.readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile());
    StringBuilder html = new StringBuilder();
    String title = "tokenload " + summary.path("run_id").asText();
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
        .append("th{background:#f4f4f4}td.note{text-align:left;color:#a40}")
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p>Target ")
        .append(escape(summary.path("target").asText()))
        .append(", model ")
        .append(escape(summary.path("model").asText()))
        .append(". Times in milliseconds; definitions in docs/metrics.md.</p>\n");
    for (JsonNode note : summary.path("notes")) {
      html.append("<p class=\"note\">").append(escape(note.asText())).append("</p>\n");
    }
    html.append("<table>\n<tr>");
    for (String h : MatrixTable.HEADER) {
      html.append("<th>").append(escape(h)).append("</th>");
    }
    html.append("</tr>\n");
    List<String[]> rows = MatrixTable.rows(summary);
    for (String[] row : rows) {
      html.append("<tr>");
      for (String cell : row) {
        html.append("<td>").append(escape(cell)).append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n<h2>Files</h2>\n<ul>\n");
    Path gatling = runDir.resolve(GATLING_LINK_FILE);
    if (Files.isRegularFile(gatling)) {
      String href = Files.readString(gatling, StandardCharsets.UTF_8).strip() + "/index.html";
      link(html, href, "Gatling's HTML report (per cell: <cell> ttft and <cell> e2e)");
    }
    for (String file :
        List.of(RunReport.SUMMARY_FILE, RunReport.LATENCY_FILE, RunReport.THROUGHPUT_FILE,
            RunReport.RECORDS_FILE, HistogramLog.FILE, RunInfo.FILE, ClientHealth.FILE)) {
      if (Files.isRegularFile(runDir.resolve(file))) {
        link(html, file, file);
      }
    }
    html.append("</ul>\n</body></html>\n");
    Files.writeString(runDir.resolve(FILE), html, StandardCharsets.UTF_8);
  }

  private static void link(StringBuilder html, String href, String text) {
    html.append("<li><a href=\"").append(escape(href)).append("\">").append(escape(text)).append("</a></li>\n");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
