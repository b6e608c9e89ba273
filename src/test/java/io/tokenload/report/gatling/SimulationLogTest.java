package io.tokenload.report.gatling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader on a real log: {@code quick-run/} holds one quick matrix run's {@code simulation.log}
 * (Gatling 3.15.1) and the {@code requests.jsonl} written by the same run.
 */
class SimulationLogTest {

  private static final String FIXTURE = "/io/tokenload/report/quick-run/";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private Path fixtureLog() throws IOException {
    Path log = dir.resolve("simulation.log");
    try (InputStream in = getClass().getResourceAsStream(FIXTURE + "gatling/simulation.log")) {
      Files.copy(in, log);
    }
    return log;
  }

  private static List<LogRequest> readAll(Path log) throws IOException {
    List<LogRequest> out = new ArrayList<>();
    SimulationLog.Result r = SimulationLog.read(log, out::add);
    assertEquals(out.size(), r.requests());
    return out;
  }

  @Test
  void readsTheRunHeaderOfARealLog() throws IOException {
    LogHeader h = SimulationLog.header(fixtureLog());

    assertEquals("3.15.1", h.gatlingVersion());
    assertEquals("io.tokenload.simulations.MatrixSimulation", h.simulationClass());
    assertEquals("tokenload MatrixSimulation", h.description());
    // A warm-up and a measured scenario per cell; one assertion per cell (max_error_rate).
    assertEquals(12, h.scenarios().size());
    assertEquals("stream in128-out128-c1", h.scenarios().get(1));
    assertEquals(6, h.assertions());
    assertTrue(h.runStartEpochMillis() > 1_700_000_000_000L);
  }

  @Test
  void yieldsATtftAndAnE2eRecordPerMeasuredRequest() throws IOException {
    Path log = fixtureLog();
    List<LogRequest> records = readAll(log);
    SimulationLog.Result result = SimulationLog.read(log, r -> {});

    assertEquals(208, records.size());
    assertEquals(104, records.stream().filter(LogRequest::isTtft).count());
    assertEquals(104, records.stream().filter(LogRequest::isE2e).count());
    assertTrue(result.damage().isEmpty());
    // Each virtual user starts and ends: warm-up users plus one per concurrency slot.
    assertTrue(result.users() > 0 && result.users() % 2 == 0, "users " + result.users());
    LogRequest first = records.get(0);
    assertEquals("in128-out128-c1 ttft", first.name());
    assertEquals("in128-out128-c1", first.cell());
    assertTrue(first.ok());
    assertEquals("", first.message());
    assertEquals(List.of(), first.groups());
  }

  /**
   * Today's layout ({@code grouped-run/}: one cell of 20 requests): one request record per request
   * and the verdict's, so Gatling's global count is the requests'; the time to first token is a
   * group holding no request, which Gatling keeps out of its global statistics.
   */
  @Test
  void theTimeToFirstTokenIsAGroupOutsideGatlingsRequestCount() throws IOException {
    Path log = dir.resolve("grouped.log");
    try (InputStream in =
        getClass().getResourceAsStream("/io/tokenload/report/grouped-run/gatling/simulation.log")) {
      Files.copy(in, log);
    }
    List<LogRequest> requests = new ArrayList<>();
    List<LogGroup> groups = new ArrayList<>();
    SimulationLog.Result result = SimulationLog.read(log, requests::add, groups::add);

    assertEquals(21, result.requests(), "20 requests and the verdict's record");
    assertEquals(20, requests.stream().filter(LogRequest::isE2e).count());
    assertEquals(0, requests.stream().filter(LogRequest::isTtft).count());
    assertEquals(1, requests.stream().filter(r -> r.name().equals("tokenload verdict")).count());
    assertEquals(20, result.groups());
    assertEquals(20, groups.size());
    List<Double> oursMs = new ArrayList<>();
    try (InputStream in =
        getClass().getResourceAsStream("/io/tokenload/report/grouped-run/requests.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        oursMs.add(JSON.readTree(line).get("firstTokenNanos").asLong() / 1e6);
      }
    }
    List<Long> gatlingMs = new ArrayList<>();
    for (LogGroup g : groups) {
      assertEquals(List.of("in128-out16-c4 ttft"), g.groups());
      assertEquals("in128-out16-c4", g.cell());
      assertTrue(g.ok());
      assertEquals(g.durationMillis(), g.cumulatedMillis(), "duration and cumulated time agree");
      gatlingMs.add(g.durationMillis());
    }
    oursMs.sort(null);
    gatlingMs.sort(null);
    for (int i = 0; i < oursMs.size(); i++) {
      // Gatling floors send and first token to the millisecond each.
      assertTrue(
          Math.abs(oursMs.get(i) - gatlingMs.get(i)) < 1.0,
          "TTFT " + oursMs + " ms against Gatling's " + gatlingMs);
    }
  }

  @Test
  void endToEndP99PerCellAgreesWithRequestsJsonlWithinGatlingsMillisecond() throws IOException {
    Map<String, List<Long>> gatlingMs = new TreeMap<>();
    for (LogRequest r : readAll(fixtureLog())) {
      if (r.isE2e()) {
        gatlingMs.computeIfAbsent(r.cell(), k -> new ArrayList<>()).add(r.durationMillis());
      }
    }
    Map<String, List<Long>> oursNanos = new TreeMap<>();
    try (InputStream in = getClass().getResourceAsStream(FIXTURE + "requests.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        JsonNode r = JSON.readTree(line);
        oursNanos
            .computeIfAbsent(r.get("cell").asText(), k -> new ArrayList<>())
            .add(r.get("endNanos").asLong());
      }
    }

    assertEquals(oursNanos.keySet(), gatlingMs.keySet());
    for (String cell : oursNanos.keySet()) {
      List<Long> ours = oursNanos.get(cell);
      List<Long> theirs = gatlingMs.get(cell);
      assertEquals(ours.size(), theirs.size(), cell);
      double oursP99Ms = nearestRank(ours, 99) / 1e6;
      double gatlingP99Ms = nearestRank(theirs, 99);
      // Gatling floors start and end to the millisecond: its duration is off by under 1 ms.
      assertTrue(
          Math.abs(oursP99Ms - gatlingP99Ms) < 1.0,
          cell
              + ": requests.jsonl p99 "
              + oursP99Ms
              + " ms, simulation.log p99 "
              + gatlingP99Ms
              + " ms");
    }
  }

  private static double nearestRank(List<Long> values, double p) {
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  @Test
  void refusesALogOfAnotherGatlingVersionNamingBoth() throws IOException {
    Path log = fixtureLog();
    byte[] bytes = Files.readAllBytes(log);
    byte[] version = "3.15.1".getBytes(StandardCharsets.ISO_8859_1);
    assertArrayEquals(version, Arrays.copyOfRange(bytes, 5, 11));
    System.arraycopy("3.14.2".getBytes(StandardCharsets.ISO_8859_1), 0, bytes, 5, 6);
    Files.write(log, bytes);

    IOException e = assertThrows(IOException.class, () -> SimulationLog.read(log, r -> {}));

    assertTrue(e.getMessage().contains(log.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("Gatling 3.14.2"), e.getMessage());
    assertTrue(e.getMessage().contains("Gatling 3.15.1 only"), e.getMessage());
  }

  @Test
  void refusesTheTextLogOfOldGatlings() throws IOException {
    Path log = dir.resolve("simulation.log");
    Files.writeString(log, "RUN\tcom.example.Sim\tsim\t1700000000000\t \t3.9.5\n");

    IOException e = assertThrows(IOException.class, () -> SimulationLog.header(log));

    assertTrue(
        e.getMessage().contains("text simulation.log of Gatling before 3.13"), e.getMessage());
  }

  @Test
  void anEmptyLogIsUnreadable() throws IOException {
    Path log = dir.resolve("simulation.log");
    Files.write(log, new byte[0]);

    IOException e = assertThrows(IOException.class, () -> SimulationLog.read(log, r -> {}));

    assertTrue(e.getMessage().contains("is empty"), e.getMessage());
  }

  @Test
  void aLogCutInsideItsHeaderIsUnreadableAndSaysWhere() throws IOException {
    Path log = fixtureLog();
    Files.write(log, Arrays.copyOf(Files.readAllBytes(log), 40));

    IOException e = assertThrows(IOException.class, () -> SimulationLog.read(log, r -> {}));

    assertTrue(e.getMessage().contains("ends inside its run header"), e.getMessage());
  }

  @Test
  void aTruncatedLogKeepsEveryRecordBeforeTheCutAndNamesTheOffset() throws IOException {
    Path log = fixtureLog();
    byte[] whole = Files.readAllBytes(log);
    int cut = whole.length - 7;
    Files.write(log, Arrays.copyOf(whole, cut));

    List<LogRequest> records = new ArrayList<>();
    SimulationLog.Result r = SimulationLog.read(log, records::add);

    assertEquals(
        208, records.size(), "the cut falls in the last user records, after every request");
    LogDamage d = r.damage().orElseThrow();
    assertTrue(d.offset() < cut && cut - d.offset() < 10, "offset " + d.offset());
    assertEquals(cut - d.offset(), d.bytesSkipped());
    assertTrue(d.reason().contains("ends inside a record"), d.reason());
    assertEquals(log.toString(), d.file());
  }

  @Test
  void everyCutPointGivesThePrefixOfTheRecordsAndNeverThrows() throws IOException {
    Path log = fixtureLog();
    byte[] whole = Files.readAllBytes(log);
    List<LogRequest> all = readAll(log);
    int checked = 0;
    for (int cut = 1; cut < whole.length; cut += 7) {
      Files.write(log, Arrays.copyOf(whole, cut));
      List<LogRequest> got = new ArrayList<>();
      SimulationLog.Result r;
      try {
        r = SimulationLog.read(log, got::add);
      } catch (SimulationLog.UnreadableLogException e) {
        assertTrue(e.getMessage().contains("run header"), e.getMessage());
        continue;
      }
      assertEquals(all.subList(0, got.size()), got, "cut at " + cut);
      checked++;
    }
    assertTrue(checked > 800, "cuts after the header: " + checked);
  }

  @Test
  void anUnknownRecordKindStopsTheReadAndIsNamed() throws IOException {
    Path log = fixtureLog();
    byte[] bytes = Files.readAllBytes(log);
    int at = findRecord(bytes, "in128-out128-c4 ttft");
    bytes[at] = 9;
    Files.write(log, bytes);

    List<LogRequest> records = new ArrayList<>();
    SimulationLog.Result r = SimulationLog.read(log, records::add);

    LogDamage d = r.damage().orElseThrow();
    assertEquals(at, d.offset());
    assertTrue(d.reason().contains("unknown record kind 9"), d.reason());
    assertEquals(4 * 2, records.size(), "the first cell's records are kept");
  }

  @Test
  void aDamagedStringIndexIsNamedNotTakenForText() throws IOException {
    Path log = fixtureLog();
    byte[] bytes = Files.readAllBytes(log);
    int at = findRecord(bytes, "in128-out128-c4 ttft");
    // The record's name is a new cached string: make it refer to one never defined.
    bytes[at + 5] = (byte) 0xff;
    bytes[at + 6] = (byte) 0xff;
    bytes[at + 7] = (byte) 0x00;
    bytes[at + 8] = (byte) 0x00;
    Files.write(log, bytes);

    SimulationLog.Result r = SimulationLog.read(log, x -> {});

    assertTrue(
        r.damage().orElseThrow().reason().contains("never defined"), r.damage().get().reason());
  }

  /** The offset of the request record whose name is first defined as {@code name}. */
  private static int findRecord(byte[] bytes, String name) {
    byte[] needle = name.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i + needle.length <= bytes.length; i++) {
      if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
        // kind (1), group count (4), string index (4), length (4), then the name
        return i - 13;
      }
    }
    throw new AssertionError(name + " not in the log");
  }
}
