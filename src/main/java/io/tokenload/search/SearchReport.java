package io.tokenload.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A search's outputs in its folder: {@code search.json} (the result and every probe) and {@code
 * search.html} (per objective, its value at every probed level against the limit, with the answer
 * marked), and the lines the console shows.
 */
final class SearchReport {

  static final String JSON_FILE = "search.json";
  static final String HTML_FILE = "search.html";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int W = 560;
  private static final int H = 240;
  private static final int PAD = 40;

  private SearchReport() {}

  static void write(Path folder, SloSearch.Result result, List<Objective> slo) throws IOException {
    Files.createDirectories(folder);
    JSON.writeValue(folder.resolve(JSON_FILE).toFile(), result);
    StringBuilder html =
        new StringBuilder(
            "<!doctype html><meta charset=utf-8><title>tokenload search</title>"
                + "<style>body{font-family:sans-serif}svg{border:1px solid #ccc;margin:8px}</style>");
    html.append("<h1>SLO search: ").append(result.mode()).append("</h1><p>");
    lines(result).forEach(l -> html.append(escape(l)).append("<br>"));
    html.append("</p>");
    for (Objective o : slo) {
      html.append(chart(result, o));
    }
    Files.writeString(folder.resolve(HTML_FILE), html.append('\n').toString());
  }

  /** What the console shows: one line per probe, then the answer and what broke first. */
  static List<String> lines(SloSearch.Result r) {
    List<String> out = new ArrayList<>();
    String unit = unit(r.mode());
    for (Probe p : r.probes()) {
      out.add(probeLine(p, r.mode()));
    }
    String slo = String.join(",", r.slo());
    if (r.answer() == null) {
      out.add(
          "no load met "
              + slo
              + (r.probes().size() == 1
                  ? ": the first probe broke " + r.firstBroken() + "; start lower (--start)"
                  : ": no level met it again on its re-run (the server is noisy at this load, or"
                      + " the objective is at its edge)"));
    } else {
      out.add(
          "answer: "
              + ProbeRunner.format(r.answer())
              + unit
              + " meets "
              + slo
              + (r.next() == null ? "" : "; " + ProbeRunner.format(r.next()) + " does not")
              + (r.firstBroken() == null ? "" : "; first to break: " + r.firstBroken())
              + switch (r.stop()) {
                case "saturated" ->
                    "; probing stopped early: the server is saturated (more load"
                        + " gained no throughput)";
                case "limit" -> "; probing stopped at the --max limit";
                default -> "";
              });
    }
    return out;
  }

  /** One probe as the console shows it. */
  static String probeLine(Probe p, String mode) {
    return String.format(
        Locale.ROOT,
        "probe %s%s: %s, %d completed, %d failed%s, %s",
        ProbeRunner.format(p.level()),
        unit(mode),
        p.values().entrySet().stream()
            .map(e -> e.getKey() + " " + (e.getValue() == null ? "null" : round(e.getValue())))
            .reduce((a, b) -> a + ", " + b)
            .orElse(""),
        p.completed(),
        p.failed(),
        p.outputTokensPerS() == null ? "" : ", " + round(p.outputTokensPerS()) + " output tok/s",
        p.met()
            ? (Boolean.FALSE.equals(p.sustained()) ? "not sustained" : "met")
            : "broke " + p.broken());
  }

  private static String unit(String mode) {
    return mode.equals("max-rate") ? " req/s" : " concurrent";
  }

  private static String chart(SloSearch.Result r, Objective o) {
    List<Probe> probes =
        r.probes().stream()
            .filter(p -> p.values().get(o.metric()) != null)
            .sorted(Comparator.comparingDouble(Probe::level))
            .toList();
    double maxX = probes.stream().mapToDouble(Probe::level).max().orElse(1);
    double maxY =
        Math.max(
            o.limit() * 1.2,
            probes.stream().mapToDouble(p -> p.values().get(o.metric())).max().orElse(1));
    StringBuilder svg = new StringBuilder();
    svg.append(String.format("<svg width=%d height=%d>", W, H));
    svg.append(String.format("<text x=%d y=16>%s against load</text>", PAD, escape(o.metric())));
    double limitY = y(o.limit(), maxY);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=%d y1=%.1f x2=%d y2=%.1f stroke=red stroke-dasharray=4/>"
                + "<text x=%d y=%.1f fill=red>limit %s</text>",
            PAD,
            limitY,
            W - PAD,
            limitY,
            W - PAD - 90,
            limitY - 4,
            escape(o.toString())));
    for (Probe p : probes) {
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=%.1f cy=%.1f r=4 fill=%s><title>%s: %s</title></circle>",
              x(p.level(), maxX),
              y(p.values().get(o.metric()), maxY),
              p.met() ? "green" : "red",
              ProbeRunner.format(p.level()),
              round(p.values().get(o.metric()))));
    }
    if (r.answer() != null) {
      double ax = x(r.answer(), maxX);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=%.1f y1=%d x2=%.1f y2=%d stroke=blue/><text x=%.1f y=%d fill=blue>answer"
                  + " %s</text>",
              ax,
              PAD / 2,
              ax,
              H - PAD,
              ax + 4,
              PAD,
              ProbeRunner.format(r.answer())));
    }
    svg.append(
        String.format(
            "<text x=%d y=%d>%s (0 to %s)</text></svg>",
            PAD,
            H - 10,
            r.mode().equals("max-rate") ? "rate, req/s" : "concurrency",
            ProbeRunner.format(maxX)));
    return svg.toString();
  }

  private static double x(double level, double maxX) {
    return PAD + (W - 2.0 * PAD) * level / maxX;
  }

  private static double y(double value, double maxY) {
    return H - PAD - (H - 2.0 * PAD) * value / maxY;
  }

  private static String round(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
