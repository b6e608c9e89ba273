package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.report.gatling.LogDamage;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
  static final String RECORDS_FILE = "requests.jsonl";
  static final String SOURCE_RECORDS = RECORDS_FILE;
  static final String SOURCE_GATLING = "simulation.log";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunReport() {}

  /**
   * Notes where Gatling's results of this run are, for the index page's links and the cross-check:
   * the newest folder under {@code resultsRoot} whose name starts with the simulation's, which
   * Gatling creates when the run starts.
   */
  public static void linkGatlingReport(Path runDir, Path resultsRoot, String simulation)
      throws IOException {
    GatlingLinks.write(runDir, resultsRoot, simulation);
  }

  /**
   * What {@link #write} produced, for the caller to print.
   *
   * @param source where the numbers came from: {@code requests.jsonl}, or {@code simulation.log}
   *     when the records were lost
   * @param skipped damaged lines of {@code requests.jsonl}
   * @param warnings everything else a reader must know: a damaged or disagreeing Gatling log
   */
  public record Result(
      Path runDir,
      long completed,
      long failed,
      List<RecordReader.Skipped> skipped,
      String source,
      List<String> warnings) {

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
   * {@link #write(Path)} with the charting library given, or none (as when the build could not
   * fetch it).
   */
  static Result write(Path runDir, Optional<String> chartLibrary) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Map<String, CellSpec> specs = new LinkedHashMap<>();
    info.cells().forEach(c -> specs.put(c.name(), c));
    List<String> warnings = new ArrayList<>();

    CellStats ours = new CellStats(info.slo());
    Map<String, CellStats> oursByCell = emptyCells(info);
    List<RecordReader.Skipped> skipped = List.of();
    Path records = runDir.resolve(RECORDS_FILE);
    if (Files.isRegularFile(records)) {
      skipped =
          RecordReader.read(
              records,
              r -> {
                ours.add(r);
                oursByCell.computeIfAbsent(r.cell(), k -> new CellStats(info.slo())).add(r);
              });
    } else {
      warnings.add(records + " does not exist: the run recorded no request of its own");
    }

    GatlingView gatling = null;
    try {
      gatling = GatlingView.of(runDir, info.slo(), ours.completed + ours.failed == 0).orElse(null);
    } catch (IOException e) {
      warnings.add("Gatling's log was not used: " + e.getMessage());
    }

    boolean fromRecords = ours.completed + ours.failed > 0;
    if (!fromRecords && (gatling == null || gatling.e2eRecords() == 0)) {
      throw new IOException(
          "nothing usable in "
              + runDir
              + ": "
              + (Files.isRegularFile(records)
                  ? records
                      + " holds no readable request record ("
                      + skipped.size()
                      + " lines skipped)"
                  : records + " does not exist")
              + (gatling == null
                  ? ""
                  : ", and Gatling's " + gatling.log + " holds no tokenload record")
              + (warnings.isEmpty() ? "" : "; " + String.join("; ", warnings)));
    }
    GatlingView.Check check = null;
    if (gatling != null) {
      gatling.read.damage().map(LogDamage::describe).ifPresent(warnings::add);
      if (fromRecords) {
        check = gatling.check(oursByCell);
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

    CellStats all = fromRecords ? ours : gatling.all;
    Map<String, CellStats> byCell = oursByCell;
    if (!fromRecords) {
      byCell = emptyCells(info);
      byCell.putAll(gatling.byCell);
      warnings.add(
          "requests.jsonl had no readable record; every number comes from Gatling's simulation.log:"
              + " TTFT and end-to-end latency in whole milliseconds, no token counts, ITL or TPOT");
    }
    String source = fromRecords ? SOURCE_RECORDS : SOURCE_GATLING;
    Summary.CellSummary.chunkCounting(all).ifPresent(warnings::add);

    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
    Outputs.writeRun(runDir, all, concurrency);
    for (Map.Entry<String, CellStats> cell : byCell.entrySet()) {
      Outputs.writeCell(runDir, cell.getKey(), specs.get(cell.getKey()), cell.getValue(), info);
    }
    Summary summary =
        summary(
            info,
            all,
            byCell,
            skipped,
            ClientHealth.read(runDir).orElse(null),
            warnings,
            source,
            check);
    JSON.writeValue(runDir.resolve(SUMMARY_FILE).toFile(), summary);
    MatrixCsv.write(runDir, summary.cells(), specs);
    HistogramLog.write(runDir, byCell);
    MatrixPage.write(runDir, summary, specs, chartLibrary);
    return new Result(runDir, all.completed, all.failed, skipped, source, List.copyOf(warnings));
  }

  private static Map<String, CellStats> emptyCells(RunInfo info) {
    Map<String, CellStats> byCell = new LinkedHashMap<>();
    for (CellSpec c : info.cells()) {
      byCell.put(c.name(), new CellStats(info.slo()));
    }
    return byCell;
  }

  private static Summary summary(
      RunInfo info,
      CellStats all,
      Map<String, CellStats> byCell,
      List<RecordReader.Skipped> skipped,
      ClientHealth client,
      List<String> warnings,
      String source,
      GatlingView.Check check) {
    Map<String, CellSpec> specs = new LinkedHashMap<>();
    info.cells().forEach(c -> specs.put(c.name(), c));
    List<Summary.CellSummary> cells = new ArrayList<>();
    byCell.forEach(
        (name, stats) -> {
          CellSpec spec = specs.get(name);
          cells.add(
              spec == null
                  ? Summary.CellSummary.of(name, -1, -1, 0, stats, info.slo())
                  : Summary.CellSummary.of(
                      name,
                      spec.inputTokens(),
                      spec.outputTokens(),
                      spec.concurrency(),
                      stats,
                      info.slo()));
        });
    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
    List<String> notes = new ArrayList<>(Summary.runNotes(client, skipped));
    notes.addAll(warnings);
    return new Summary(
        Contracts.SCHEMA_VERSION,
        info.runId(),
        info.target(),
        info.model(),
        info.slo(),
        client,
        Contracts.PERCENTILE_METHOD,
        Summary.CellSummary.of("all", -1, -1, concurrency, all, info.slo()),
        cells,
        skipped,
        notes,
        source,
        check);
  }
}
