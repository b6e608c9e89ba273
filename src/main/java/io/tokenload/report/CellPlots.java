package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each cell's pictures over time for the page: a request timeline (a uniform sample of {@value
 * RequestSample#SIZE} requests: send, first token, end), requests in flight and output tokens/s
 * over the cell, and the TTFT and ITL distributions (percentiles from the cell's histograms). Drawn
 * when the reader opens the cell's section, so a large matrix costs nothing until asked.
 */
final class CellPlots {

  private static final int POINTS = 120;
  private static final double[] PERCENTILES = {1, 5, 10, 25, 50, 75, 90, 95, 99, 99.9};

  private CellPlots() {}

  record Plot(
      String cell,
      List<Double[]> requests,
      @JsonProperty("over_time") Map<String, List<Double>> overTime,
      List<Double> percentiles,
      @JsonProperty("ttft_ms") List<Double> ttftMs,
      @JsonProperty("itl_ms") List<Double> itlMs) {}

  static List<Plot> of(Map<String, CellStats> byCell) {
    List<Plot> plots = new ArrayList<>();
    byCell.forEach(
        (cell, s) -> {
          if (s.completed + s.failed > 0) {
            List<Double> p = new ArrayList<>();
            for (double v : PERCENTILES) {
              p.add(v);
            }
            plots.add(
                new Plot(
                    cell,
                    s.sample.rows(),
                    s.timeline.overTime(POINTS),
                    p,
                    percentiles(s.ttft),
                    percentiles(s.itl)));
          }
        });
    return plots;
  }

  private static List<Double> percentiles(LatencyHistogram h) {
    List<Double> out = new ArrayList<>();
    for (double p : PERCENTILES) {
      out.add(h.sampledPercentileMs(p));
    }
    return out;
  }

  /** The section: one collapsed block per cell, with the data its script draws from. */
  static void write(StringBuilder html, List<Plot> plots) throws JsonProcessingException {
    if (plots.isEmpty()) {
      return;
    }
    html.append("<h2>Each cell over time</h2>\n");
    for (int i = 0; i < plots.size(); i++) {
      html.append("<details class=\"cell-plot\" data-index=\"")
          .append(i)
          .append("\"><summary>")
          .append(MatrixPage.escape(plots.get(i).cell()))
          .append("</summary><div class=\"charts\">");
      for (String kind : List.of("timeline", "flow", "dist")) {
        html.append("<figure><div class=\"chart\"><canvas data-kind=\"")
            .append(kind)
            .append("\"></canvas></div></figure>");
      }
      html.append("</div></details>\n");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("cells", plots);
    html.append("<script type=\"application/json\" id=\"tokenload-cells\">")
        .append(MatrixPage.json(data))
        .append("</script>\n");
  }
}
