package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The report's numbers for readers outside the post-processor (the service): one cell's summary, in
 * {@code summary.json}'s shape, computed by the same code while the run still goes on, and the
 * charting library the run page inlines.
 */
public final class Results {

  public static final String SUMMARY_FILE = RunReport.SUMMARY_FILE;
  public static final String PAGE_FILE = MatrixPage.FILE;
  public static final String RECORDS_FILE = RunReport.RECORDS_FILE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private Results() {}

  /**
   * The summaries of {@code cells} (as in {@code summary.json}'s {@code cells}), from the run
   * folder's {@code requests.jsonl}; cells without a record are left out.
   */
  public static Map<String, JsonNode> cells(Path runDir, Set<String> cells) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    Map<String, CellStats> stats = new LinkedHashMap<>();
    Path records = runDir.resolve(RunReport.RECORDS_FILE);
    if (Files.isRegularFile(records)) {
      RecordReader.read(
          records,
          r -> {
            if (cells.contains(r.cell())) {
              stats.computeIfAbsent(r.cell(), k -> new CellStats(info.slo())).add(r);
            }
          });
    }
    Set<String> finished = RunProgress.finishedCells(runDir);
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (CellSpec spec : info.cells()) {
      CellStats s = stats.get(spec.name());
      if (s != null) {
        out.put(
            spec.name(),
            JSON.valueToTree(
                Summary.CellSummary.of(
                    spec.name(),
                    spec.inputTokens(),
                    spec.outputTokens(),
                    spec.concurrency(),
                    spec.requests(),
                    RunProgress.complete(spec, finished, s.completed + s.failed),
                    s,
                    info.slo())));
      }
    }
    return out;
  }

  /** Chart.js as the build fetched it (the run page inlines it), if it did. */
  public static Optional<String> chartLibrary() {
    return MatrixPage.library();
  }
}
