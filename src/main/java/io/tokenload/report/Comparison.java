package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Two runs cell by cell, from their {@code summary.json}: the change in percent of TTFT p50/p99,
 * ITL p50/p99, end-to-end p99, requests/s and output tokens/s, with changes for the worse beyond a
 * threshold flagged as regressions. Reads files only; prints nothing.
 */
public final class Comparison {

  /**
   * One compared number: lower is better for latencies, higher for throughput. {@code confidence}
   * is where its interval is in a summary's {@code confidence} entry ({@code ttft_ms.p50}), null
   * when it has none.
   */
  record Metric(
      String name, boolean higherIsBetter, Function<JsonNode, JsonNode> value, String confidence) {}

  static final List<Metric> METRICS =
      List.of(
          new Metric(
              "TTFT p50 ms",
              false,
              c -> c.path("latency").path("ttft_ms").path("p50"),
              "ttft_ms.p50"),
          new Metric(
              "TTFT p99 ms",
              false,
              c -> c.path("latency").path("ttft_ms").path("p99"),
              "ttft_ms.p99"),
          new Metric("ITL p50 ms", false, c -> c.path("latency").path("itl_ms").path("p50"), null),
          new Metric("ITL p99 ms", false, c -> c.path("latency").path("itl_ms").path("p99"), null),
          new Metric(
              "E2E p99 ms", false, c -> c.path("latency").path("e2e_ms").path("p99"), "e2e_ms.p99"),
          new Metric("req/s", true, c -> c.path("throughput").path("requests_per_s"), null),
          new Metric(
              "out tok/s", true, c -> c.path("throughput").path("output_tokens_per_s"), null));

  /**
   * One metric of one cell in both runs.
   *
   * @param a the value in the first run; null when it measured nothing
   * @param b the value in the second run; null when it measured nothing
   * @param changePct (b - a) / a in percent; null when a is 0 or either value is missing
   * @param regression a change for the worse beyond the threshold and outside the noise, or a value
   *     A measured and B did not
   * @param withinNoise a change for the worse beyond the threshold that is not a regression: the
   *     two runs' 95 % confidence intervals of it overlap (their summaries' {@code confidence})
   */
  public record Change(
      String cell,
      String metric,
      Double a,
      Double b,
      Double changePct,
      boolean regression,
      boolean withinNoise) {}

  /**
   * The comparison.
   *
   * @param onlyInA cells that only the first run has
   * @param onlyInB cells that only the second run has
   */
  public record Result(
      Path runA,
      Path runB,
      double thresholdPct,
      List<Change> changes,
      List<String> onlyInA,
      List<String> onlyInB,
      List<String> warnings) {

    public List<Change> regressions() {
      return changes.stream().filter(Change::regression).toList();
    }
  }

  private Comparison() {}

  public static Result of(Path runA, Path runB, double thresholdPct) throws IOException {
    Map<String, JsonNode> a = cells(runA);
    Map<String, JsonNode> b = cells(runB);
    Map<String, JsonNode> ciA = confidence(runA);
    Map<String, JsonNode> ciB = confidence(runB);
    List<Change> changes = new ArrayList<>();
    List<String> onlyInA = new ArrayList<>();
    for (Map.Entry<String, JsonNode> cell : a.entrySet()) {
      JsonNode other = b.get(cell.getKey());
      if (other == null) {
        onlyInA.add(cell.getKey());
        continue;
      }
      String base = Confidence.baseCell(cell.getKey());
      for (Metric m : METRICS) {
        Change c = change(cell.getKey(), m, cell.getValue(), other, thresholdPct);
        if (c.regression() && c.b() != null && apart(m, ciA.get(base), ciB.get(base)) == false) {
          c = new Change(c.cell(), c.metric(), c.a(), c.b(), c.changePct(), false, true);
        }
        changes.add(c);
      }
    }
    List<String> onlyInB = b.keySet().stream().filter(k -> !a.containsKey(k)).toList();
    return new Result(
        runA,
        runB,
        thresholdPct,
        List.copyOf(changes),
        List.copyOf(onlyInA),
        onlyInB,
        ComparisonWarnings.of(runA, runB, a, b));
  }

  /**
   * Whether {@code m}'s 95 % intervals in the two runs do not overlap; true when either run has no
   * interval for it (the threshold alone then decides, as before intervals existed).
   */
  static boolean apart(Metric m, JsonNode a, JsonNode b) {
    if (m.confidence() == null || a == null || b == null) {
      return true;
    }
    String[] at = m.confidence().split("\\.");
    JsonNode ia = a.path(at[0]).path(at[1]).path("ci95");
    JsonNode ib = b.path(at[0]).path(at[1]).path("ci95");
    if (ia.size() != 2 || ib.size() != 2) {
      return true;
    }
    return ib.get(0).asDouble() > ia.get(1).asDouble()
        || ib.get(1).asDouble() < ia.get(0).asDouble();
  }

  /** A run's {@code confidence} entries by cell, empty for runs written before they existed. */
  private static Map<String, JsonNode> confidence(Path runDir) throws IOException {
    Map<String, JsonNode> byCell = new LinkedHashMap<>();
    for (JsonNode c : Gate.read(runDir.resolve(RunReport.SUMMARY_FILE)).path("confidence")) {
      byCell.put(c.path("cell").asText(), c);
    }
    return byCell;
  }

  static Change change(String cell, Metric m, JsonNode a, JsonNode b, double thresholdPct) {
    Double va = measured(m.value().apply(a));
    Double vb = measured(m.value().apply(b));
    Double pct = va == null || vb == null || va == 0 ? null : Contracts.round((vb - va) / va * 100);
    boolean worse =
        (va != null && vb == null)
            || (pct != null && (m.higherIsBetter() ? -pct : pct) > thresholdPct);
    return new Change(cell, m.name(), va, vb, pct, worse, false);
  }

  private static Double measured(JsonNode v) {
    return v.isNumber() ? v.asDouble() : null;
  }

  /** The cells of a run's summary that measured something, by name, in order. */
  private static Map<String, JsonNode> cells(Path runDir) throws IOException {
    JsonNode summary = Gate.read(runDir.resolve(RunReport.SUMMARY_FILE));
    JsonNode cells = summary.get("cells");
    if (cells == null || !cells.isArray()) {
      throw new IOException(runDir.resolve(RunReport.SUMMARY_FILE) + " has no 'cells' array");
    }
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode c : cells) {
      if (c.path("completed").asLong() + c.path("failed").asLong() > 0) {
        byName.put(c.path("name").asText(), c);
      }
    }
    return byName;
  }
}
