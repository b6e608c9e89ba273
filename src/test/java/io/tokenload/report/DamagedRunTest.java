package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An interrupted or damaged run still gives a report of everything readable, naming what was
 * skipped.
 */
class DamagedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path run;
  private Path log;
  private Path records;

  @BeforeEach
  void copyQuickRun() throws IOException {
    QuickRunFixture.copyTo(run);
    log = run.resolve("gatling/simulation.log");
    records = run.resolve("requests.jsonl");
  }

  private void cut(Path file, int keepBytes) throws IOException {
    Files.write(file, Arrays.copyOf(Files.readAllBytes(file), keepBytes));
  }

  private JsonNode summary() throws IOException {
    return JSON.readTree(run.resolve("summary.json").toFile());
  }

  @Test
  void aTruncatedSimulationLogIsNamedWithItsOffsetAndTheReportStillComes() throws IOException {
    cut(log, 3000);

    RunReport.Result result = RunReport.write(run);

    assertEquals(104, result.completed());
    assertTrue(
        result.warnings().get(0).contains("simulation.log: unreadable from byte"),
        result.warnings().toString());
    JsonNode damage = summary().get("gatling").get("damage");
    assertTrue(
        damage.get("offset").asLong() < 3000 && damage.get("offset").asLong() > 2900,
        damage.toString());
    assertEquals(3000 - damage.get("offset").asLong(), damage.get("bytes_skipped").asLong());
    assertTrue(summary().get("notes").toString().contains("unreadable from byte"));
  }

  @Test
  void withRequestsJsonlLostTheNumbersComeFromSimulationLog() throws IOException {
    Files.delete(records);

    RunReport.Result result = RunReport.write(run);

    assertEquals("simulation.log", result.source());
    assertEquals(104, result.completed());
    JsonNode summary = summary();
    assertEquals("simulation.log", summary.get("source").asText());
    assertTrue(
        summary
            .get("notes")
            .toString()
            .contains("every number comes from Gatling's simulation.log"));
    // The quick run's in128-out128-c4 end-to-end p99 is 336.383 ms by requests.jsonl.
    JsonNode latency =
        JSON.readTree(run.resolve("cells/in128-out128-c4/latency_p99.json").toFile());
    assertEquals(336.383, latency.get("p99_ms").asDouble(), 1.5);
    assertEquals(16, latency.get("requests").asLong());
    assertEquals(
        16,
        JSON.readTree(run.resolve("cells/in128-out128-c4/ttft.json").toFile())
            .get("samples")
            .asLong());
  }

  @Test
  void withRequestsJsonlLostTheTimeToFirstTokenComesFromGatlingsGroups() throws IOException {
    Path grouped = run.resolve("grouped");
    QuickRunFixture.copyTo(grouped, "grouped-run");
    Files.delete(grouped.resolve("requests.jsonl"));

    RunReport.Result result = RunReport.write(grouped);

    assertEquals("simulation.log", result.source());
    assertEquals(20, result.completed(), "the verdict's record is no request");
    JsonNode ttft = JSON.readTree(grouped.resolve("cells/in128-out16-c4/ttft.json").toFile());
    assertEquals(20, ttft.get("samples").asLong());
    // The run's TTFT p50 is 31.7 ms by requests.jsonl.
    assertEquals(31.7, ttft.get("p50_ms").asDouble(), 1.5);
  }

  @Test
  void damagedRecordsAndATruncatedLogGiveWhatTheLogStillHolds() throws IOException {
    Files.writeString(records, "{\"requestId\":\"r1\",\"cell\":\"in12\n", StandardCharsets.UTF_8);
    cut(log, 3000);

    RunReport.Result result = RunReport.write(run);

    assertEquals("simulation.log", result.source());
    assertEquals(1, result.skipped().size());
    assertTrue(
        result.completed() > 0 && result.completed() < 104, "completed " + result.completed());
  }

  @Test
  void aLogOfAnotherGatlingVersionIsAWarningNotAFailure() throws IOException {
    byte[] bytes = Files.readAllBytes(log);
    System.arraycopy("3.16.0".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 5, 6);
    Files.write(log, bytes);

    RunReport.Result result = RunReport.write(run);

    assertEquals(104, result.completed());
    assertTrue(
        result.warnings().get(0).contains("written by Gatling 3.16.0"),
        result.warnings().toString());
  }

  @Test
  void nothingUsableIsAnErrorNamingBothInputs() throws IOException {
    Files.writeString(records, "not json\n", StandardCharsets.UTF_8);
    cut(log, 20);

    IOException e = assertThrows(IOException.class, () -> RunReport.write(run));

    assertTrue(e.getMessage().contains("nothing usable"), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("requests.jsonl holds no readable request record (1 lines skipped)"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("simulation.log ends inside its run header"), e.getMessage());
  }
}
