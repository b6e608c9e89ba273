package io.tokenload.report;

import static io.tokenload.report.ScriptedRequests.failed;
import static io.tokenload.report.ScriptedRequests.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run's verdict: each threshold of a run definition, a run with no completed request, a cell
 * whose every request failed. Four requests of one cell: TTFT 50 ms, ITL 10 ms, E2E 91-94 ms.
 */
class RunVerdictTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CELL = "in8-out5-c2";

  @TempDir Path run;

  private static List<CellSpec> oneCell(int planned) {
    return List.of(CellSpec.of(8, 5, 2, planned, 1));
  }

  private static List<RequestRecord> fourOkOneFailed() {
    return List.of(
        ok(CELL, 1), ok(CELL, 2), ok(CELL, 3), ok(CELL, 4), failed(CELL, 5, 429, "HTTP 429: busy"));
  }

  private JsonNode summary() throws IOException {
    return JSON.readTree(run.resolve("summary.json").toFile());
  }

  @Test
  void aRunWhoseEveryRequestFailedFailsAndItsContractsSayNothingWasMeasured() throws IOException {
    ScriptedRequests.writeRun(
        run,
        oneCell(2),
        Thresholds.NONE,
        List.of(
            failed(CELL, 1, 401, "HTTP 401: bad key"), failed(CELL, 2, 401, "HTTP 401: bad key")));

    RunReport.Result result = RunReport.write(run);

    assertFalse(result.verdict().pass());
    List<String> lines = result.verdict().lines();
    assertTrue(lines.contains("tokenload: FAIL completed requests 0 > 0 (run)"), lines.toString());
    assertTrue(
        lines.contains(
            "tokenload: FAIL error rate (every request failed?) 1 < 1 (cell " + CELL + ")"),
        lines.toString());
    JsonNode latency = JSON.readTree(run.resolve("latency_p99.json").toFile());
    for (String field : List.of("p50_ms", "p90_ms", "p99_ms", "mean_ms", "max_ms")) {
      assertTrue(latency.get(field).isNull(), field + " in " + latency);
    }
    JsonNode ttft = JSON.readTree(run.resolve("cells/" + CELL + "/ttft.json").toFile());
    assertTrue(ttft.get("p99_ms").isNull(), ttft.toString());
    JsonNode cell = summary().get("cells").get(0);
    assertTrue(cell.get("latency").get("itl_ms").get("p99").isNull());
    assertFalse(summary().get("verdict").get("pass").asBoolean());
  }

  @Test
  void aRunThatMeetsEveryThresholdPassesWithALinePerCheck() throws IOException {
    ScriptedRequests.writeRun(
        run, oneCell(5), new Thresholds(60.0, 20.0, 200.0, 0.25, 1.0), fourOkOneFailed());

    RunReport.Result result = RunReport.write(run);

    assertTrue(result.verdict().pass(), result.verdict().lines().toString());
    // completed requests, then the cell's error rate, TTFT, ITL, E2E and requests/s.
    assertEquals(6, result.verdict().checks().size());
    assertEquals(
        "tokenload: PASS ITL p99 ms 10.007 <= 20 (cell " + CELL + ")",
        result.verdict().lines().get(result.verdict().lines().size() - 4));
    JsonNode verdict = summary().get("verdict");
    assertTrue(verdict.get("pass").asBoolean());
    assertEquals("PASS", verdict.get("checks").get(3).get("result").asText());
  }

  @Test
  void aFailedValidityCheckWarnsWithoutStrict() throws IOException {
    ScriptedRequests.writeRun(run, oneCell(5), Thresholds.NONE, fourOkOneFailed());

    RunVerdict verdict = RunReport.write(run).verdict();

    assertTrue(verdict.pass(), verdict.lines().toString());
    assertTrue(
        verdict
            .lines()
            .contains(
                "tokenload: FAIL validity: failed share 0.2 (pass <= 0, fail past 0.01) (cell "
                    + CELL
                    + ")"),
        verdict.lines().toString());
    JsonNode checks = summary().get("cells").get(0).get("validity");
    assertEquals("failed share", checks.get(checks.size() - 1).get("what").asText());
    assertEquals(
        "FAIL", checks.get(checks.size() - 1).get("level").asText(), "in summary.json per cell");
  }

  @Test
  void aFailedValidityCheckFailsAStrictRunAndIsPrintedLast() throws IOException {
    ScriptedRequests.writeRun(
        run, oneCell(5), new Thresholds(null, null, null, 1.0, null, true), fourOkOneFailed());

    RunVerdict verdict = RunReport.write(run).verdict();

    assertFalse(verdict.pass());
    List<String> lines = verdict.lines();
    assertEquals("tokenload: run FAILED: 1 of 3 checks", lines.get(lines.size() - 1));
    assertEquals(
        "tokenload: FAIL validity: failed share 0.2 <= 0.01 (cell " + CELL + ")",
        lines.get(lines.size() - 2));
  }

  static Stream<Arguments> breaches() {
    return Stream.of(
        Arguments.of(new Thresholds(40.0, null, null, null, null), "FAIL TTFT p99 ms 50.015 <= 40"),
        Arguments.of(new Thresholds(null, 5.0, null, null, null), "FAIL ITL p99 ms 10.007 <= 5"),
        Arguments.of(new Thresholds(null, null, 90.0, null, null), "FAIL e2e p99 ms 94.015 <= 90"),
        Arguments.of(new Thresholds(null, null, null, 0.1, null), "FAIL error rate 0.2 <= 0.1"),
        Arguments.of(new Thresholds(null, null, null, null, 100.0), "FAIL requests/s"));
  }

  @ParameterizedTest
  @MethodSource("breaches")
  void eachThresholdOfTheDefinitionIsEnforced(Thresholds limits, String line) throws IOException {
    ScriptedRequests.writeRun(run, oneCell(5), limits, fourOkOneFailed());

    RunReport.Result result = RunReport.write(run);

    assertFalse(result.verdict().pass());
    assertEquals(1, result.verdict().failures().size(), result.verdict().lines().toString());
    assertTrue(
        result.verdict().failures().get(0).describe().startsWith(line),
        result.verdict().failures().get(0).describe());
  }

  @Test
  void aCellWithSomeFailuresPassesWithoutAMaxErrorRate() throws IOException {
    ScriptedRequests.writeRun(run, oneCell(5), Thresholds.NONE, fourOkOneFailed());

    assertTrue(RunReport.write(run).verdict().pass());
  }
}
