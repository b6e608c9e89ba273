package io.tokenload.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code index.html} of a run: charts of throughput, TTFT and ITL against load for each
 * input/output pair, latency against throughput and the errors per cell, then the matrix table with
 * links to each cell's files and Gatling pages. Static and self-contained: the charting library
 * (Chart.js, fetched at build time) and the data are inlined, so it opens from disk, offline.
 * Without the library the page says so and keeps the tables.
 */
final class MatrixPage {

  static final String FILE = "index.html";

  /** Where the build puts Chart.js on the classpath ({@code src/main/web/fetch-chartjs.sh}). */
  static final String CHART_LIBRARY = "/io/tokenload/report/chart.umd.min.js";

  private static final String PAGE_SCRIPT = "/io/tokenload/report/matrix-page.js";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MatrixPage() {}

  /** One cell's numbers for the charts. */
  record Point(
      String name,
      String pair,
      double x,
      long requests,
      boolean complete,
      Double requestsPerS,
      Double outputTokensPerS,
      Double ttftP50,
      Double ttftP99,
      Double itlP50,
      Double itlP99,
      Double e2eP50,
      Double e2eP99,
      Map<String, Long> errors) {}

  record ChartData(
      String loadLabel, List<String> pairs, List<Point> cells, List<String> errorKinds) {}

  static void write(Path runDir, Summary summary, Map<String, CellSpec> specs) throws IOException {
    write(runDir, summary, specs, library());
  }

  static void write(
      Path runDir, Summary summary, Map<String, CellSpec> specs, Optional<String> chartLibrary)
      throws IOException {
    write(runDir, summary, specs, chartLibrary, List.of());
  }

  /** With {@code chartLibrary} empty, the page is written as if the build had not fetched it. */
  static void write(
      Path runDir,
      Summary summary,
      Map<String, CellSpec> specs,
      Optional<String> chartLibrary,
      List<CellPlots.Plot> plots)
      throws IOException {
    String title = "tokenload " + summary.runId();
    StringBuilder html = new StringBuilder(300_000);
    html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}")
        .append(
            ".charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:1.5em}")
        .append(".chart{position:relative;height:340px}h2{margin-top:1.5em}")
        .append(
            "table{border-collapse:collapse}th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
        .append(
            "th{background:#f4f4f4}td.l{text-align:left}.note,.warn{color:#a40}tr.cut td{background:#fff3e0}")
        .append("</style></head><body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n")
        .append(RunHeader.html(runDir))
        .append("<p>Target ")
        .append(escape(summary.target()))
        .append(", model ")
        .append(escape(summary.model()))
        .append(". Numbers from ")
        .append(escape(summary.source()))
        .append(
            "; times in milliseconds; definitions in docs/metrics.md, files in docs/reports.md.</p>\n");
    for (String note : summary.notes()) {
      html.append("<p class=\"note\">").append(escape(note)).append("</p>\n");
    }
    // matrix-page.js owns the list of charts and puts them here.
    html.append("<p id=\"chart-status\" class=\"warn\" hidden></p>\n")
        .append(
            "<div class=\"charts\" id=\"tokenload-charts\"></div>\n<p id=\"errors-note\"></p>\n");
    ServerPanel.write(html, summary);
    table(html, runDir, summary);
    CellPlots.write(html, plots);
    files(html, runDir);
    html.append("<script type=\"application/json\" id=\"tokenload-data\">")
        .append(json(data(summary, specs)))
        .append("</script>\n");
    chartLibrary.ifPresent(lib -> html.append("<script>").append(lib).append("\n</script>\n"));
    html.append("<script>")
        .append(resource(PAGE_SCRIPT).orElseThrow())
        .append("</script>\n<script>")
        .append(ServerPanel.script())
        .append("</script>\n</body></html>\n");
    Files.writeString(runDir.resolve(FILE), html, StandardCharsets.UTF_8);
  }

  private static void table(StringBuilder html, Path runDir, Summary summary) throws IOException {
    html.append("<h2>Matrix</h2>\n<table>\n<tr><th>cell</th>");
    for (String h : MatrixTable.HEADER) {
      html.append("<th>").append(escape(h)).append("</th>");
    }
    html.append("<th>files</th><th>Gatling</th></tr>\n");
    List<String[]> rows = MatrixTable.rows(JSON.valueToTree(summary));
    List<Path> gatling = GatlingLinks.folders(runDir);
    for (int i = 0; i < rows.size(); i++) {
      String cell = summary.cells().get(i).name();
      boolean cut = !summary.cells().get(i).complete();
      html.append(cut ? "<tr class=\"cut\" title=\"incomplete: the run was cut\">" : "<tr>")
          .append("<td class=\"l\">")
          .append(escape(cell))
          .append(cut ? " (incomplete)" : "")
          .append("</td>");
      for (String v : rows.get(i)) {
        html.append("<td>").append(escape(v)).append("</td>");
      }
      String dir = Outputs.CELLS_DIR + "/" + Outputs.safe(cell) + "/";
      html.append("<td class=\"l\">")
          .append(link(dir + RunReport.LATENCY_FILE, "latency"))
          .append(' ')
          .append(link(dir + Outputs.TTFT_FILE, "ttft"))
          .append(' ')
          .append(link(dir + Outputs.ITL_FILE, "itl"))
          .append(' ')
          .append(link(dir + Outputs.VLLM_FILE, "vllm"))
          .append("</td><td class=\"l\">")
          .append(GatlingLinks.forCell(runDir, gatling, cell))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
    List<String> errors = MatrixTable.errorLines(JSON.valueToTree(summary));
    if (!errors.isEmpty()) {
      html.append("<h2>Errors by kind</h2>\n<p>Messages that differ only in numbers or ids")
          .append(" (shown as &lt;n&gt; and &lt;id&gt;) are one kind.</p>\n<ul>\n");
      errors.forEach(e -> html.append("<li>").append(escape(e)).append("</li>\n"));
      html.append("</ul>\n");
    }
    verdict(html, summary.verdict());
  }

  private static void verdict(StringBuilder html, RunVerdict verdict) {
    html.append("<h2>Verdict: ").append(verdict.pass() ? "PASS" : "FAIL").append("</h2>\n<ul>\n");
    for (Check c : verdict.checks()) {
      html.append(c.pass() ? "<li>" : "<li class=\"warn\">")
          .append(escape(c.describe()))
          .append("</li>\n");
    }
    html.append("</ul>\n");
  }

  private static void files(StringBuilder html, Path runDir) throws IOException {
    html.append("<h2>Files</h2>\n<ul>\n");
    Optional<Path> gatling = GatlingLinks.folder(runDir);
    if (gatling.isPresent()) {
      html.append("<li>")
          .append(
              link(
                  GatlingLinks.href(runDir, gatling.get().resolve("index.html")),
                  "Gatling's HTML report"))
          .append(" (one &lt;cell&gt; e2e record per request; the TTFT is on this page), and its ")
          .append(
              link(
                  GatlingLinks.href(runDir, gatling.get().resolve("simulation.log")),
                  "simulation.log"))
          .append("</li>\n");
    }
    List<String> names = new ArrayList<>(List.of(RunReport.SUMMARY_FILE, MatrixCsv.FILE));
    names.addAll(Outputs.CONTRACT_FILES);
    names.addAll(
        List.of(RunReport.RECORDS_FILE, HistogramLog.FILE, RunInfo.FILE, ClientHealth.FILE));
    for (String file : names) {
      if (Files.isRegularFile(runDir.resolve(file))) {
        html.append("<li>").append(link(file, file)).append("</li>\n");
      }
    }
    html.append("</ul>\n");
  }

  static String link(String href, String text) {
    return "<a href=\"" + escape(href) + "\">" + escape(text) + "</a>";
  }

  static ChartData data(Summary summary, Map<String, CellSpec> specs) {
    boolean open = specs.values().stream().anyMatch(CellSpec::open);
    Set<String> pairs = new LinkedHashSet<>();
    Set<String> kinds = new LinkedHashSet<>();
    List<Point> points = new ArrayList<>();
    for (Summary.CellSummary c : summary.cells()) {
      CellSpec spec = specs.get(c.name());
      String pair = c.inputTokens() + "→" + c.outputTokens();
      pairs.add(pair);
      kinds.addAll(c.errors().keySet());
      double x = spec == null ? c.concurrency() : open ? spec.ratePerSecond() : spec.concurrency();
      Summary.Latency l = c.latency();
      points.add(
          new Point(
              c.name(),
              pair,
              x,
              c.completed() + c.failed(),
              c.complete(),
              c.throughput().requestsPerS(),
              c.throughput().outputTokensPerS(),
              l.ttftMs().p50(),
              l.ttftMs().p99(),
              l.itlMs().p50(),
              l.itlMs().p99(),
              l.e2eMs().p50(),
              l.e2eMs().p99(),
              c.errors()));
    }
    String label = open ? "arrival rate (requests/s)" : "concurrency (requests in flight)";
    return new ChartData(label, List.copyOf(pairs), points, List.copyOf(kinds));
  }

  /** JSON safe inside a script element: no {@code </script>} can end it early. */
  static String json(Object value) throws JsonProcessingException {
    return JSON.writeValueAsString(value).replace("</", "<\\/").replace("<!--", "<\\!--");
  }

  /** The embedded library, or empty when the build could not fetch it. */
  static Optional<String> library() {
    return resource(CHART_LIBRARY).map(js -> js.replace("</script", "<\\/script"));
  }

  private static Optional<String> resource(String name) {
    try (InputStream in = MatrixPage.class.getResourceAsStream(name)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static String escape(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
