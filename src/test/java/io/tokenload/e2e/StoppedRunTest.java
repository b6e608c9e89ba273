package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.report.RecordReader;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix run sent SIGTERM (what {@code run_1k_4k.sh} sends on Ctrl-C) in the middle of a cell, in
 * a Gatling JVM of its own: it keeps every finished request, writes its outputs, notes the
 * unfinished cells, prints the resume command, and resumes.
 */
class StoppedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aRunStoppedMidCellKeepsItsRecordsWritesItsOutputsAndSaysHowToResume() throws Exception {
    Path definition = GatlingProcess.threeCells(dir);
    Path reports = dir.resolve("reports");
    Path log = dir.resolve("first.log");
    Process first =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of(
                "config",
                definition.toString(),
                "reports.dir",
                reports.toString(),
                "tokenload.entry",
                "run_1k_4k.sh"),
            dir.resolve("results"),
            log);

    Path run = null;
    int seenInCutCell = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline && first.isAlive()) {
      if (run == null && Files.isDirectory(reports)) {
        try (Stream<Path> s = Files.list(reports)) {
          run = s.findFirst().orElse(null);
        }
      }
      if (run != null) {
        seenInCutCell = perCell(run).getOrDefault("in16-out40-c2", 0);
        if (seenInCutCell > 0) {
          break;
        }
      }
      Thread.sleep(10);
    }
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(60, TimeUnit.SECONDS), "a stopped run must end");
    String output = Files.readString(log);
    assertEquals(143, first.exitValue(), output);

    assertTrue(
        output.contains("tokenload: stopped: 1 of 3 cells finished; in16-out40-c2 was cut"),
        output);
    assertTrue(output.contains("tokenload: resume with: ./run_1k_4k.sh --resume " + run), output);
    Map<String, Integer> perCell = perCell(run);
    assertEquals(6, perCell.get("in16-out40-c1"), "the finished cell's records");
    assertTrue(
        perCell.get("in16-out40-c2") >= seenInCutCell,
        "records seen before the signal are kept: " + perCell);
    JsonNode last = lastProgressLine(run);
    assertTrue(
        last.has("unfinished_cells"),
        Files.readString(run.resolve("progress.jsonl")) + "\n" + output);
    assertEquals(List.of("in16-out40-c2", "in16-out40-c3"), strings(last.get("unfinished_cells")));
    for (String file : List.of("summary.json", "latency_p99.json", "index.html")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file + " missing after the stop");
    }

    Process resumed =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of("resume", run.toString()),
            dir.resolve("results"),
            dir.resolve("resumed.log"));
    assertTrue(resumed.waitFor(120, TimeUnit.SECONDS), "resumed run did not end");
    assertEquals(0, resumed.exitValue(), Files.readString(dir.resolve("resumed.log")));
    assertEquals(
        Map.of("in16-out40-c1", 6, "in16-out40-c2", 6, "in16-out40-c3", 6),
        perCell(run),
        "each cell exactly once after the resume");
    assertTrue(lastProgressLine(run).has("run_ended_at"), "the resumed run reached its end");
    String resumedLog = Files.readString(dir.resolve("resumed.log"));
    assertTrue(Files.isRegularFile(run.resolve("gatling-report.txt")), listing(dir) + resumedLog);
    List<String> parts = Files.readAllLines(run.resolve("gatling-report.txt"));
    assertEquals(1, parts.size(), "the stopped session left no Gatling report: " + parts);
    assertTrue(
        Files.isRegularFile(run.resolve(parts.get(0)).resolve("simulation.log")),
        "the resumed part's Gatling log is kept in the run folder: " + parts);
  }

  private static String listing(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return String.join("\n", s.map(p -> p + " " + p.toFile().lastModified()).toList()) + "\n";
    }
  }

  private static Map<String, Integer> perCell(Path run) throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    Set<String> ids = new HashSet<>();
    Path records = run.resolve("requests.jsonl");
    if (Files.isRegularFile(records)) {
      RecordReader.read(
          records,
          r -> {
            assertTrue(ids.add(r.requestId()), "request " + r.requestId() + " recorded twice");
            counts.merge(r.cell(), 1, Integer::sum);
          });
    }
    return counts;
  }

  private static JsonNode lastProgressLine(Path run) throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("progress.jsonl"));
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
