package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.report.gatling.LogDamage;
import io.tokenload.servermetrics.Reading;
import io.tokenload.servermetrics.ServerCell;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The post-processor: reads a run folder ({@code run.json}, {@code requests.jsonl} and Gatling's
 * {@code simulation.log}) and writes every output beside them: the contract files for the run and
 * for each cell ({@code cells/<cell>/}), {@code summary.json}, {@code matrix.csv}, {@code
 * histograms.hlog} and {@code index.html}. Inputs are streamed, so memory stays bounded whatever
 * the run's size. Damaged inputs give a report of everything readable, with what was skipped named;
 * only a run with no readable request at all is an error. Outputs: {@code docs/reports.md}.
 */
public final class RunReport {

  public static final String LATENCY_FILE = "latency_p99.json";
  public static final String THROUGHPUT_FILE = "throughput_rps.json";
  public static final String SUMMARY_FILE = "summary.json";
  public static final String RECORDS_FILE = "requests.jsonl";
  static final String SOURCE_RECORDS = RECORDS_FILE;
  static final String SOURCE_GATLING = "simulation.log";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunReport() {}

  /**
   * Keeps Gatling's results of this run (or of this part of a resumed run) in the run folder and
   * notes them for the index page's links and the cross-check: the newest folder under {@code
   * resultsRoot} whose name starts with the simulation's and that changed since {@code
   * sinceEpochMillis}; {@code cellsOfThisPart} are the cells it ran. Returns the task that copies
   * Gatling's HTML report, which Gatling writes after the run's own outputs: run it at JVM exit.
   */
  public static Optional<Runnable> keepGatlingReport(
      Path runDir,
      Path resultsRoot,
      String simulation,
      long sinceEpochMillis,
      List<String> cellsOfThisPart)
      throws IOException {
    return GatlingLinks.keep(runDir, resultsRoot, simulation, sinceEpochMillis, cellsOfThisPart);
  }

  /**
   * What {@link #write} produced, for the caller to print.
   *
   * @param source where the numbers came from: {@code requests.jsonl}, or {@code simulation.log}
   *     when the records were lost
   * @param skipped damaged lines of {@code requests.jsonl}
   * @param warnings everything else a reader must know: a damaged or disagreeing Gatling log, cut
   *     cells, missing cross-checks
   * @param verdict whether the run measured what it was asked to
   */
  public record Result(
      Path runDir,
      long completed,
      long failed,
      List<RecordReader.Skipped> skipped,
      String source,
      List<String> warnings,
      RunVerdict verdict) {

    /** One line for a person: counts and where the outputs are. */
    public String describe() {
      return String.format(
          "tokenload: %d requests completed, %d failed; results in %s (%s, %s, %s, %s, cells/)%s%s%s",
          completed,
          failed,
          runDir,
          LATENCY_FILE,
          THROUGHPUT_FILE,
          SUMMARY_FILE,
          MatrixPage.FILE,
          SOURCE_RECORDS.equals(source) ? "" : "; numbers from Gatling's " + source,
          skipped.isEmpty() ? "" : "; " + skipped.size() + " damaged record lines skipped",
          warnings.isEmpty() ? "" : "; " + warnings.size() + " warnings");
    }
  }

  /** Re-creates every output of {@code runDir}. */
  public static Result write(Path runDir) throws IOException {
    return write(runDir, MatrixPage.library());
  }

  /**
   * The verdict on the records written so far, without writing anything or reading Gatling's log:
   * for the live run, whose Gatling log is still open when it must know whether it failed.
   */
  public static RunVerdict verdict(Path runDir) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Measured ours = Measured.read(runDir, info);
    List<Summary.CellSummary> cells =
        cellSummaries(
            info, ours.byCell, RunProgress.finishedCells(runDir), Reading.readAll(runDir));
    return RunVerdict.of(info.thresholds(), runSummary(info, ours.all, cells), cells);
  }

  /** The records of a run folder, read once: the whole run and each cell. */
  private record Measured(
      CellStats all,
      Map<String, CellStats> byCell,
      List<RecordReader.Skipped> skipped,
      boolean exists) {

    static Measured read(Path runDir, RunInfo info) throws IOException {
      CellStats all = new CellStats(info.slo());
      Map<String, CellStats> byCell = emptyCells(info);
      Path records = runDir.resolve(RECORDS_FILE);
      if (!Files.isRegularFile(records)) {
        return new Measured(all, byCell, List.of(), false);
      }
      List<RecordReader.Skipped> skipped =
          RecordReader.read(
              records,
              r -> {
                all.add(r);
                byCell.computeIfAbsent(r.cell(), k -> new CellStats(info.slo())).add(r);
              });
      return new Measured(all, byCell, skipped, true);
    }

    long requests() {
      return all.completed + all.failed;
    }
  }

  /**
   * {@link #write(Path)} with the charting library given, or none (as when the build could not
   * fetch it).
   */
  static Result write(Path runDir, Optional<String> chartLibrary) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Map<String, CellSpec> specs = new LinkedHashMap<>();
    info.cells().forEach(c -> specs.put(c.name(), c));
    List<String> warnings = new ArrayList<>();
    List<String> missingCrossChecks = new ArrayList<>();

    Measured ours = Measured.read(runDir, info);
    if (!ours.exists()) {
      warnings.add(
          runDir.resolve(RECORDS_FILE) + " does not exist: the run recorded no request of its own");
    }

    GatlingView gatling = gatlingView(runDir, info, ours, warnings, missingCrossChecks);
    boolean fromRecords = ours.requests() > 0;
    if (!fromRecords && (gatling == null || gatling.e2eRecords() == 0)) {
      throw nothingUsable(runDir, ours, gatling, warnings);
    }
    GatlingView.Check check = null;
    if (gatling != null) {
      gatling.read.damage().map(LogDamage::describe).ifPresent(warnings::add);
      if (fromRecords) {
        check = gatling.check(ours.byCell());
        if (!check.agrees() && gatling.read.damage().isEmpty()) {
          warnings.add(
              "Gatling's simulation.log and requests.jsonl disagree on some cell's request count or"
                  + " end-to-end p99 beyond Gatling's millisecond rounding; see gatling.cells in "
                  + SUMMARY_FILE);
        }
      } else {
        check = gatling.check(Map.of());
      }
    }

    CellStats all = fromRecords ? ours.all() : gatling.all;
    Map<String, CellStats> byCell = ours.byCell();
    if (!fromRecords) {
      byCell = emptyCells(info);
      byCell.putAll(gatling.byCell);
      warnings.add(
          "requests.jsonl had no readable record; every number comes from Gatling's simulation.log:"
              + " TTFT and end-to-end latency in whole milliseconds, no token counts, ITL or TPOT");
    }
    String source = fromRecords ? SOURCE_RECORDS : SOURCE_GATLING;
    ClientHealth client = ClientHealth.read(runDir).orElse(null);
    if (client == null) {
      missingCrossChecks.add(
          ClientHealth.FILE
              + " is missing: the load generator's event-loop lag was not measured, so a saturated"
              + " client would go unnoticed");
    }
    Summary.CellSummary.chunkCounting(all).ifPresent(warnings::add);
    ApproximateLengths.note(info.target(), info.tokenizer(), all.lengths).ifPresent(warnings::add);

    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
    Outputs.writeRun(runDir, all, concurrency);
    for (Map.Entry<String, CellStats> cell : byCell.entrySet()) {
      Outputs.writeCell(runDir, cell.getKey(), specs.get(cell.getKey()), cell.getValue(), info);
    }
    List<Summary.CellSummary> cells =
        cellSummaries(info, byCell, RunProgress.finishedCells(runDir), Reading.readAll(runDir));
    cells.stream()
        .filter(c -> !c.complete())
        .forEach(c -> warnings.add("cell " + c.name() + ": " + c.notes().get(0)));
    warnings.addAll(missingCrossChecks);
    Summary.CellSummary run = runSummary(info, all, cells);
    RunVerdict verdict = RunVerdict.of(info.thresholds(), run, cells, Validity.client(client));
    List<String> notes = new ArrayList<>(Summary.runNotes(client, ours.skipped()));
    notes.addAll(warnings);
    MergedShards shards = MergedShards.read(runDir).orElse(null);
    if (shards != null) {
      notes.add(0, "Merged from shards: " + shards.covers() + ".");
      notes.addAll(1, shards.notes());
    }
    Summary summary =
        new Summary(
            Contracts.SCHEMA_VERSION,
            info.runId(),
            info.target(),
            info.model(),
            info.slo(),
            client,
            Contracts.PERCENTILE_METHOD,
            run,
            cells,
            ours.skipped(),
            notes,
            source,
            check,
            shards,
            run.complete(),
            List.copyOf(missingCrossChecks),
            verdict,
            fromRecords ? Confidence.of(runDir.resolve(RECORDS_FILE)) : List.of());
    JSON.writeValue(runDir.resolve(SUMMARY_FILE).toFile(), summary);
    MatrixCsv.write(runDir, summary.cells(), specs);
    HistogramLog.write(runDir, byCell);
    MatrixPage.write(runDir, summary, specs, chartLibrary, CellPlots.of(byCell));
    return new Result(
        runDir, all.completed, all.failed, ours.skipped(), source, List.copyOf(warnings), verdict);
  }

  /**
   * Gatling's view of the run, or null when the folder names no log (then the cross-check is
   * missing) or the log cannot be used (a warning says why).
   */
  private static GatlingView gatlingView(
      Path runDir, RunInfo info, Measured ours, List<String> warnings, List<String> missing) {
    try {
      GatlingView gatling = GatlingView.of(runDir, info.slo(), ours.requests() == 0).orElse(null);
      if (gatling == null) {
        missing.add(
            "Gatling's simulation.log was not found (no "
                + GatlingLinks.LINK_FILE
                + ", as after a run that was killed, or its folder is gone): request counts and"
                + " end-to-end p99 were not cross-checked against Gatling's records");
      }
      return gatling;
    } catch (IOException e) {
      warnings.add("Gatling's log was not used: " + e.getMessage());
      missing.add(
          "Gatling's simulation.log could not be used: request counts and end-to-end p99 were not"
              + " cross-checked against Gatling's records");
      return null;
    }
  }

  private static IOException nothingUsable(
      Path runDir, Measured ours, GatlingView gatling, List<String> warnings) {
    Path records = runDir.resolve(RECORDS_FILE);
    return new IOException(
        "nothing usable in "
            + runDir
            + ": "
            + (ours.exists()
                ? records
                    + " holds no readable request record ("
                    + ours.skipped().size()
                    + " lines skipped)"
                : records + " does not exist")
            + (gatling == null
                ? ""
                : ", and Gatling's " + gatling.log + " holds no tokenload record")
            + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)));
  }

  private static Map<String, CellStats> emptyCells(RunInfo info) {
    Map<String, CellStats> byCell = new LinkedHashMap<>();
    for (CellSpec c : info.cells()) {
      byCell.put(c.name(), new CellStats(info.slo()));
    }
    return byCell;
  }

  /**
   * Each cell's summary, in run order, then any cell the records name that the run does not; with
   * the server's view of it from {@code readings} and its validity checks.
   */
  private static List<Summary.CellSummary> cellSummaries(
      RunInfo info, Map<String, CellStats> byCell, Set<String> finished, List<Reading> readings) {
    Map<String, CellSpec> specs = new LinkedHashMap<>();
    info.cells().forEach(c -> specs.put(c.name(), c));
    List<Summary.CellSummary> cells = new ArrayList<>();
    byCell.forEach(
        (name, stats) -> {
          CellSpec spec = specs.get(name);
          long recorded = stats.completed + stats.failed;
          cells.add(
              spec == null
                  ? Summary.CellSummary.of(name, -1, -1, 0, (int) recorded, true, stats, info.slo())
                  : Summary.CellSummary.of(
                      name,
                      spec.inputTokens(),
                      spec.outputTokens(),
                      spec.concurrency(),
                      spec.requests(),
                      RunProgress.complete(spec, finished, recorded),
                      stats,
                      info.slo()));
          Summary.CellSummary cell = cells.remove(cells.size() - 1);
          cells.add(
              cell.observed(serverView(readings, stats, cell), Validity.of(spec, stats, cell)));
        });
    return cells;
  }

  private static ServerCell serverView(
      List<Reading> readings, CellStats stats, Summary.CellSummary cell) {
    if (readings.isEmpty() || stats.firstSentNanos == Long.MAX_VALUE) {
      return null;
    }
    return ServerCell.of(
        readings,
        stats.firstSentNanos / 1e6,
        stats.lastEndNanos / 1e6,
        cell.latency().ttftMs().mean());
  }

  /** The whole run: complete when every cell is; planned is the sum of the cells'. */
  private static Summary.CellSummary runSummary(
      RunInfo info, CellStats all, List<Summary.CellSummary> cells) {
    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
    return Summary.CellSummary.of(
        "all",
        -1,
        -1,
        concurrency,
        cells.stream().mapToInt(Summary.CellSummary::plannedRequests).sum(),
        cells.stream().allMatch(Summary.CellSummary::complete),
        all,
        info.slo());
  }
}
