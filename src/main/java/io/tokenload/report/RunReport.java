package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The post-processor: reads a run folder ({@code run.json} and {@code requests.jsonl}) and writes
 * {@code latency_p99.json}, {@code throughput_rps.json} and {@code summary.json} beside them.
 * Records are streamed, so memory stays bounded whatever the run's size.
 */
public final class RunReport {

  public static final String LATENCY_FILE = "latency_p99.json";
  public static final String THROUGHPUT_FILE = "throughput_rps.json";
  public static final String SUMMARY_FILE = "summary.json";
  static final String RECORDS_FILE = "requests.jsonl";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunReport() {}

  /**
   * Notes where Gatling's HTML report of this run will be, for the index page's link: the newest
   * folder under {@code resultsRoot} whose name starts with the simulation's, which Gatling
   * creates when the run starts.
   */
  public static void linkGatlingReport(Path runDir, Path resultsRoot, String simulation) throws IOException {
    if (!Files.isDirectory(resultsRoot)) {
      return;
    }
    String prefix = simulation.toLowerCase() + "-";
    try (var dirs = Files.list(resultsRoot)) {
      var newest =
          dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
              .max(java.util.Comparator.comparing(d -> d.toFile().lastModified()));
      if (newest.isPresent()) {
        Path relative = runDir.toAbsolutePath().relativize(newest.get().toAbsolutePath());
        Files.writeString(runDir.resolve(IndexPage.GATLING_LINK_FILE), relative + "\n");
      }
    }
  }

  /** What {@link #write} produced, for the caller to print. */
  public record Result(Path runDir, long completed, long failed, List<RecordReader.Skipped> skipped) {

    /** One line for a person: counts and where the outputs are. */
    public String describe() {
      return String.format(
          "tokenload: %d requests completed, %d failed; results in %s (%s, %s, %s)%s",
          completed,
          failed,
          runDir,
          LATENCY_FILE,
          THROUGHPUT_FILE,
          SUMMARY_FILE,
          skipped.isEmpty() ? "" : "; " + skipped.size() + " damaged record lines skipped");
    }
  }

  public static Result write(Path runDir) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Path records = runDir.resolve(RECORDS_FILE);
    if (!Files.isRegularFile(records)) {
      throw new IOException(records + " does not exist: the run recorded no request");
    }
    CellStats all = new CellStats(info.slo());
    Map<String, CellStats> byCell = new LinkedHashMap<>();
    for (CellSpec c : info.cells()) {
      byCell.put(c.name(), new CellStats(info.slo()));
    }
    List<RecordReader.Skipped> skipped =
        RecordReader.read(
            records,
            r -> {
              all.add(r);
              byCell.computeIfAbsent(r.cell(), k -> new CellStats(info.slo())).add(r);
            });
    if (all.completed + all.failed == 0) {
      throw new IOException(records + " holds no readable request record (" + skipped.size() + " lines skipped)");
    }

    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
    JSON.writeValue(runDir.resolve(LATENCY_FILE).toFile(), Contracts.LatencyP99.of(all.e2e, all.failed));
    JSON.writeValue(
        runDir.resolve(THROUGHPUT_FILE).toFile(), Contracts.ThroughputRps.of(all, concurrency));
    JSON.writeValue(runDir.resolve(SUMMARY_FILE).toFile(), summary(info, all, byCell, skipped, ClientHealth.read(runDir).orElse(null)));
    HistogramLog.write(runDir, byCell);
    IndexPage.write(runDir);
    return new Result(runDir, all.completed, all.failed, skipped);
  }

  private static Summary summary(
      RunInfo info,
      CellStats all,
      Map<String, CellStats> byCell,
      List<RecordReader.Skipped> skipped,
      ClientHealth client) {
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
                      name, spec.inputTokens(), spec.outputTokens(), spec.concurrency(), stats, info.slo()));
        });
    int concurrency = info.cells().stream().mapToInt(CellSpec::concurrency).max().orElse(0);
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
        Summary.runNotes(client, skipped));
  }
}
