package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RecordReader;
import io.tokenload.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Matrix runs end to end, in a Gatling JVM of their own against the embedded target: the shipped
 * {@code quick} definition, and a run killed with SIGKILL in the middle of a cell, then resumed.
 */
class MatrixRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path onlyRunFolder(Path reports) throws IOException {
    try (Stream<Path> s = Files.list(reports)) {
      List<Path> runs = s.toList();
      assertEquals(1, runs.size(), "run folders: " + runs);
      return runs.get(0);
    }
  }

  private static List<RequestRecord> records(Path run) throws IOException {
    List<RequestRecord> out = new ArrayList<>();
    RecordReader.read(run.resolve("requests.jsonl"), out::add);
    return out;
  }

  @Test
  void quickDefinitionRunsEveryCellAndWritesEveryOutput() throws Exception {
    Path reports = dir.resolve("reports");
    Path log = dir.resolve("gatling.log");
    Process gatling =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of("config", "simulations/quick.json", "reports.dir", reports.toString()),
            dir.resolve("results"),
            log);
    assertTrue(gatling.waitFor(180, TimeUnit.SECONDS), "quick run did not end in 3 minutes");
    String output = Files.readString(log);
    assertEquals(0, gatling.exitValue(), output);

    Path run = onlyRunFolder(reports);
    for (String file :
        List.of(
            "run.json",
            "requests.jsonl",
            "latency_p99.json",
            "throughput_rps.json",
            "summary.json",
            "histograms.hlog",
            "index.html",
            "progress.jsonl")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing in " + run);
    }
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals(6, summary.get("cells").size());
    assertEquals(104, summary.get("run").get("completed").asLong());
    assertEquals(0, summary.get("run").get("failed").asLong());
    assertTrue(output.contains("cell 6 of 6 in256-out64-c16 done"), output);
    assertTrue(output.contains("TTFT p50"), "the run ends with the matrix table:\n" + output);
    assertTrue(Files.readString(run.resolve("index.html")).contains("<td>c=16</td>"));
    // Gatling counts each request once (its TTFT is a group, out of the count), plus the verdict.
    assertEquals(
        104 + 1, summary.get("gatling").get("request_records").asLong(), "Gatling's records");
    assertTrue(
        output.matches("(?s).*> Global +\\| +105 \\|.*"),
        "Gatling's global count is the requests':\n" + output);
    closedUsersAreReadyWhenTheirLastResponseEnded(records(run));
  }

  /**
   * In a closed cell each user's next request is meant to leave when its previous response ended:
   * apart from the users' first requests, every intended time is exactly some request's end.
   */
  private static void closedUsersAreReadyWhenTheirLastResponseEnded(List<RequestRecord> all) {
    Map<String, List<RequestRecord>> byCell =
        all.stream().collect(Collectors.groupingBy(RequestRecord::cell));
    for (List<RequestRecord> cell : byCell.values()) {
      Set<Long> ends =
          cell.stream().map(r -> r.sentNanos() + r.endNanos()).collect(Collectors.toSet());
      long users = cell.stream().filter(r -> !ends.contains(r.intendedNanos())).count();
      int concurrency = Integer.parseInt(cell.get(0).cell().replaceAll(".*-c", ""));
      assertEquals(
          Math.min(concurrency, cell.size()),
          users,
          cell.get(0).cell() + ": only the users' first requests may start other than at an end");
      for (RequestRecord r : cell) {
        assertTrue(r.sendLagNanos() >= 0, r.requestId() + " left before it was meant to");
      }
    }
  }

  @Test
  void aRunKilledMidCellResumesKeepingFinishedCellsAndRedoingTheCutOne() throws Exception {
    Path definition = GatlingProcess.threeCells(dir);
    Path reports = dir.resolve("reports");
    Process first =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of("config", definition.toString(), "reports.dir", reports.toString()),
            dir.resolve("results"),
            dir.resolve("first.log"));

    // Wait until the first cell has finished and the second has recorded a request, then SIGKILL.
    Path run = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && first.isAlive()) {
      if (run == null && Files.isDirectory(reports)) {
        try (Stream<Path> s = Files.list(reports)) {
          run = s.findFirst().orElse(null);
        }
      }
      if (run != null
          && cellsWithRecords(run).contains("in16-out40-c2")
          && finished(run).size() == 1) {
        break;
      }
      Thread.sleep(10);
    }
    first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertTrue(
        run != null && finished(run).equals(Set.of("in16-out40-c1")),
        "killed with finished cells "
            + (run == null ? "none" : finished(run))
            + ":\n"
            + Files.readString(dir.resolve("first.log")));
    Set<String> keptIds = new HashSet<>();
    for (RequestRecord r : records(run)) {
      if (r.cell().equals("in16-out40-c1")) {
        keptIds.add(r.requestId());
      }
    }
    assertEquals(6, keptIds.size());

    // A report rebuilt from the killed run says which cell was cut and what could not be checked.
    RunReport.Result cut = RunReport.write(run);
    assertFalse(cut.verdict().pass(), "a cut run fails its verdict");
    JsonNode cutSummary = JSON.readTree(run.resolve("summary.json").toFile());
    JsonNode cutCells = cutSummary.get("cells");
    assertTrue(cutCells.get(0).get("complete").asBoolean());
    assertFalse(cutCells.get(1).get("complete").asBoolean());
    assertEquals(6, cutCells.get(1).get("planned_requests").asInt());
    assertFalse(cutCells.get(2).get("complete").asBoolean());
    assertTrue(
        cutSummary.get("missing_cross_checks").toString().contains("simulation.log was not found"),
        cutSummary.get("missing_cross_checks").toString());

    Process resumed =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of("resume", run.toString()),
            dir.resolve("results"),
            dir.resolve("resumed.log"));
    assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resumed run did not end");
    assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));

    Map<String, Integer> perCell = new HashMap<>();
    Set<String> c1Ids = new HashSet<>();
    for (RequestRecord r : records(run)) {
      perCell.merge(r.cell(), 1, Integer::sum);
      if (r.cell().equals("in16-out40-c1")) {
        c1Ids.add(r.requestId());
      }
    }
    assertEquals(
        Map.of("in16-out40-c1", 6, "in16-out40-c2", 6, "in16-out40-c3", 6),
        perCell,
        "each cell exactly once: the cut cell's partial records are gone");
    assertEquals(keptIds, c1Ids, "the finished cell's records are kept as they were");
    assertEquals(Set.of("in16-out40-c1", "in16-out40-c2", "in16-out40-c3"), finished(run));
    assertEquals(
        18,
        JSON.readTree(run.resolve("summary.json").toFile()).get("run").get("completed").asLong());
  }

  private static Set<String> finished(Path run) throws IOException {
    Set<String> cells = new HashSet<>();
    Path progress = run.resolve("progress.jsonl");
    if (Files.isRegularFile(progress)) {
      for (String line : Files.readAllLines(progress)) {
        if (!line.isBlank() && JSON.readTree(line).has("cell")) {
          cells.add(JSON.readTree(line).get("cell").asText());
        }
      }
    }
    return cells;
  }

  private static Set<String> cellsWithRecords(Path run) throws IOException {
    Set<String> cells = new HashSet<>();
    Path records = run.resolve("requests.jsonl");
    if (Files.isRegularFile(records)) {
      RecordReader.read(records, r -> cells.add(r.cell()));
    }
    return cells;
  }
}
