package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.metrics.Slo;
import io.tokenload.report.gatling.LogDamage;
import io.tokenload.report.gatling.SimulationLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The run as Gatling recorded it: tokenload's {@code <cell> e2e} requests and {@code <cell> ttft}
 * groups (requests, in logs written before) from {@code simulation.log}, per cell, in whole
 * milliseconds. Two uses: a cross-check of {@code requests.jsonl} (end-to-end p99 per cell must
 * agree within Gatling's millisecond rounding), and the numbers of last resort when {@code
 * requests.jsonl} is lost.
 */
final class GatlingView {

  /**
   * Gatling stores whole milliseconds of start and end: its durations are off by under 1 ms each
   * way.
   */
  static final double ROUNDING_MS = 1.0;

  final Path log;
  final SimulationLog.Result read;
  final CellStats all;
  final Map<String, CellStats> byCell = new LinkedHashMap<>();

  private GatlingView(Path log, Slo slo, boolean timeline) throws IOException {
    this.log = log;
    this.all = new CellStats(slo, timeline);
    long start = SimulationLog.header(log).runStartEpochMillis();
    this.read =
        SimulationLog.read(
            log,
            r -> {
              String cell = r.cell();
              if (cell != null) {
                all.addGatling(r, start);
                byCell
                    .computeIfAbsent(cell, k -> new CellStats(slo, timeline))
                    .addGatling(r, start);
              }
            },
            g -> {
              String cell = g.cell();
              if (cell != null) {
                all.addGatlingTtft(g);
                byCell.computeIfAbsent(cell, k -> new CellStats(slo, timeline)).addGatlingTtft(g);
              }
            });
  }

  /**
   * The run folder's Gatling log, read; empty when the run folder names none.
   *
   * @param timeline whether to track requests in flight (needed only when this view gives the
   *     numbers)
   */
  static Optional<GatlingView> of(Path runDir, Slo slo, boolean timeline) throws IOException {
    Optional<Path> log = SimulationLog.locate(runDir, GatlingLinks.LINK_FILE);
    return log.isEmpty()
        ? Optional.empty()
        : Optional.of(new GatlingView(log.get(), slo, timeline));
  }

  long e2eRecords() {
    return all.completed + all.failed;
  }

  /** {@code summary.json}'s {@code gatling}: what the log held and whether it agrees with ours. */
  record Check(
      String log,
      @JsonProperty("gatling_version") String gatlingVersion,
      @JsonProperty("request_records") long requestRecords,
      @JsonInclude(JsonInclude.Include.NON_NULL) LogDamage damage,
      @JsonProperty("agrees") boolean agrees,
      List<CellCheck> cells) {}

  record CellCheck(
      String name,
      @JsonProperty("e2e_records") long e2eRecords,
      @JsonProperty("e2e_failed") long e2eFailed,
      @JsonProperty("e2e_p99_ms") double e2eP99Ms,
      @JsonProperty("e2e_p99_ms_requests_jsonl") double e2eP99MsOurs,
      boolean agrees) {}

  /** Compares each cell's end-to-end p99 with {@code ours}, allowing Gatling's rounding. */
  Check check(Map<String, CellStats> ours) {
    List<CellCheck> cells = new ArrayList<>();
    boolean agreesAll = true;
    for (Map.Entry<String, CellStats> e : byCell.entrySet()) {
      CellStats g = e.getValue();
      CellStats o = ours.get(e.getKey());
      double gp99 = g.e2e.percentileMs(99);
      double op99 = o == null ? 0 : o.e2e.percentileMs(99);
      boolean agrees =
          o != null && agree(gp99, op99) && g.completed == o.completed && g.failed == o.failed;
      agreesAll &= agrees;
      cells.add(
          new CellCheck(
              e.getKey(),
              g.completed + g.failed,
              g.failed,
              Contracts.round(gp99),
              Contracts.round(op99),
              agrees));
    }
    return new Check(
        log.toString(),
        read.header().gatlingVersion(),
        read.requests(),
        read.damage().orElse(null),
        agreesAll && read.damage().isEmpty(),
        cells);
  }

  /** Within Gatling's millisecond rounding plus HdrHistogram's 0.1 % on both sides. */
  static boolean agree(double gatlingMs, double oursMs) {
    return Math.abs(gatlingMs - oursMs) <= ROUNDING_MS + 0.002 * Math.max(gatlingMs, oursMs);
  }
}
