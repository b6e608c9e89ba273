package io.tokenload.report;

import static io.tokenload.report.ScriptedRequests.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed in its first cell (3 of 10 planned requests recorded), before its second cell (4
 * planned) and before it could link Gatling's report or write {@code client.json}: the report
 * rebuilt from its folder says so everywhere.
 */
class CutRunReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CellSpec CUT = CellSpec.of(8, 5, 2, 10, 1);
  private static final CellSpec NOT_RUN = CellSpec.of(8, 5, 4, 4, 2);

  @TempDir Path run;
  private RunReport.Result result;

  @BeforeEach
  void reportTheCutRun() throws IOException {
    ScriptedRequests.writeRun(
        run,
        List.of(CUT, NOT_RUN),
        Thresholds.NONE,
        List.of(ok(CUT.name(), 1), ok(CUT.name(), 2), ok(CUT.name(), 3)));
    result = RunReport.write(run);
  }

  private JsonNode summary() throws IOException {
    return JSON.readTree(run.resolve("summary.json").toFile());
  }

  @Test
  void summarySaysHowManyRequestsWerePlannedAndRecordedPerCell() throws IOException {
    JsonNode cells = summary().get("cells");
    assertEquals(10, cells.get(0).get("planned_requests").asInt());
    assertFalse(cells.get(0).get("complete").asBoolean());
    assertTrue(
        cells.get(0).get("notes").get(0).asText().startsWith("Incomplete: 3 of 10 planned"),
        cells.get(0).get("notes").toString());
    assertFalse(cells.get(1).get("complete").asBoolean());
    assertTrue(cells.get(1).get("notes").get(0).asText().startsWith("Not run"));
    assertFalse(summary().get("complete").asBoolean());
    assertEquals(14, summary().get("run").get("planned_requests").asInt());
  }

  @Test
  void theMissingCrossChecksAreNamed() throws IOException {
    String missing = summary().get("missing_cross_checks").toString();
    assertTrue(missing.contains("Gatling's simulation.log was not found"), missing);
    assertTrue(missing.contains("client.json is missing"), missing);
    assertTrue(String.join("\n", result.warnings()).contains("simulation.log was not found"));
  }

  @Test
  void theCutCellIsMarkedInTheTableTheCsvAndThePage() throws IOException {
    assertTrue(MatrixTable.render(run).contains("3 of 10 (cut)"), MatrixTable.render(run));
    String csv = Files.readString(run.resolve("matrix.csv"));
    assertTrue(csv.contains(CUT.name() + ",8,5,2,,10,false,3,"), csv);
    String page = Files.readString(run.resolve("index.html"));
    assertTrue(page.contains(CUT.name() + " (incomplete)"), "the page marks the cut cell");
  }

  @Test
  void theVerdictFailsOnTheCutAndTheUnrunCell() {
    List<String> failures = result.verdict().failures().stream().map(Check::describe).toList();
    assertEquals(
        List.of(
            "FAIL requests recorded 3 >= 10 (cell " + CUT.name() + ")",
            "FAIL requests recorded 0 >= 4 (cell " + NOT_RUN.name() + ")"),
        failures);
  }

  @Test
  void aCellNamedInProgressIsCompleteEvenWithFewerRequestsThanItsCap(@TempDir Path other)
      throws IOException {
    CellSpec timeBounded = new CellSpec("in8-out5-c2-dwell", 8, 5, 2, 100, 1, 0, 0, 2.0);
    ScriptedRequests.writeRun(
        other, List.of(timeBounded), Thresholds.NONE, List.of(ok(timeBounded.name(), 1)));
    Files.writeString(other.resolve(RunProgress.FILE), "{\"cell\":\"in8-out5-c2-dwell\"}\n");

    assertTrue(RunReport.write(other).verdict().pass());
    JsonNode cell = JSON.readTree(other.resolve("summary.json").toFile()).get("cells").get(0);
    assertTrue(cell.get("complete").asBoolean());
  }
}
