package io.tokenload.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tokenload.servermetrics.ServerCell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The part of {@code index.html} that sets the server's own view beside the client's: a chart of
 * the server's waiting and running requests and KV-cache use over the run's time, with each cell's
 * client TTFT p50 over the same span, a table per cell (server against client TTFT), and the
 * validity checks that did not pass. Absent parts (no scrape, no check) are left out.
 */
final class ServerPanel {

  private static final String SCRIPT = "/io/tokenload/report/server-panel.js";

  private ServerPanel() {}

  /** One cell's server series and its client TTFT, for the chart. */
  record Series(String cell, Map<String, List<Double>> series, Double clientTtftP50Ms) {}

  static void write(StringBuilder html, Summary summary) throws JsonProcessingException {
    List<Series> data = new ArrayList<>();
    for (Summary.CellSummary c : summary.cells()) {
      if (c.server() != null) {
        data.add(new Series(c.name(), c.server().series(), c.latency().ttftMs().p50()));
      }
    }
    if (!data.isEmpty()) {
      html.append("<h2>Server queue and KV cache beside the client's TTFT</h2>\n")
          .append("<figure><div class=\"chart\"><canvas id=\"chart-server\"></canvas></div>")
          .append("</figure>\n<script type=\"application/json\" id=\"tokenload-server\">")
          .append(MatrixPage.json(data))
          .append("</script>\n");
      table(html, summary);
    }
    validity(html, summary.verdict());
  }

  private static void table(StringBuilder html, Summary summary) {
    html.append("<table>\n<tr><th>cell</th><th>server</th><th>waiting mean</th>")
        .append("<th>waiting max</th><th>running max</th><th>KV cache mean %</th>")
        .append("<th>KV cache max %</th><th>preemptions</th>")
        .append("<th>server TTFT mean</th><th>client TTFT mean</th><th>difference</th>")
        .append("<th>server queue time mean</th></tr>\n");
    for (Summary.CellSummary c : summary.cells()) {
      ServerCell s = c.server();
      if (s == null) {
        continue;
      }
      Map<String, String> row = new LinkedHashMap<>();
      row.put("cell", c.name());
      row.put("kind", s.kind());
      // The mean is the queue that lasts; the max can be one wave of a closed cell's users.
      row.put("waiting mean", gauge(s, "waiting", ServerCell.GaugeStats::mean, 1));
      row.put("waiting", gauge(s, "waiting", ServerCell.GaugeStats::max, 1));
      row.put("running", gauge(s, "running", ServerCell.GaugeStats::max, 1));
      row.put("kv mean", gauge(s, "kv_cache_usage", ServerCell.GaugeStats::mean, 100));
      row.put("kv", gauge(s, "kv_cache_usage", ServerCell.GaugeStats::max, 100));
      row.put("preemptions", number(s.counters().get("preemptions")));
      row.put("server", number(s.ttftMs() == null ? null : s.ttftMs().mean()));
      row.put("client", number(s.clientTtftMeanMs()));
      row.put("difference", number(s.ttftDifferenceMs()));
      row.put("queue", number(s.queueTimeMs() == null ? null : s.queueTimeMs().mean()));
      html.append("<tr>");
      row.forEach(
          (k, v) ->
              html.append(k.equals("cell") ? "<td class=\"l\">" : "<td>")
                  .append(MatrixPage.escape(v))
                  .append("</td>"));
      html.append("</tr>\n");
    }
    html.append("</table>\n<p>Server times come from its own histograms (mean exact, in ms);")
        .append(" the difference is the client's mean minus the server's: HTTP, network and")
        .append(" the client.</p>\n");
  }

  private static void validity(StringBuilder html, RunVerdict verdict) {
    if (verdict.validity().isEmpty()) {
      return;
    }
    long passed = verdict.validity().stream().filter(v -> v.level().equals("PASS")).count();
    html.append("<h2>Validity</h2>\n<p>")
        .append(passed)
        .append(" of ")
        .append(verdict.validity().size())
        .append(" checks passed; the others:</p>\n<ul>\n");
    for (Validity.Line v : verdict.validity()) {
      if (!v.level().equals("PASS")) {
        html.append("<li class=\"warn\">")
            .append(MatrixPage.escape(v.describe()))
            .append("</li>\n");
      }
    }
    html.append("</ul>\n");
  }

  private static String gauge(
      ServerCell s, String gauge, Function<ServerCell.GaugeStats, Double> stat, double scale) {
    ServerCell.GaugeStats g = s.gauges().get(gauge);
    Double v = g == null ? null : stat.apply(g);
    return v == null ? "" : number(v * scale);
  }

  private static String number(Double v) {
    return v == null ? "" : Check.number(Contracts.round(v));
  }

  /** The panel's script, to run after the charting library. */
  static String script() {
    try (InputStream in = ServerPanel.class.getResourceAsStream(SCRIPT)) {
      return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
