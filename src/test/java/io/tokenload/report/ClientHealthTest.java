package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.priority.StolenTime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientHealthTest {

  @TempDir Path dir;

  private static ClientHealth health(StolenTime.Stolen stolen) {
    Histogram lateMicros = new Histogram(3_600_000_000L, 3);
    for (int i = 0; i < 1000; i++) {
      lateMicros.recordValue(100);
    }
    return ClientHealth.of(10, lateMicros, stolen);
  }

  @Test
  void whatTheHostTookIsWrittenAndReadBack() throws Exception {
    health(new StolenTime.Stolen(300, 0.005)).write(dir);
    String json = Files.readString(dir.resolve(ClientHealth.FILE));
    assertTrue(json.contains("\"cpu_stolen_ms\" : 300"), json);
    ClientHealth read = ClientHealth.read(dir).orElseThrow();
    assertEquals(300L, read.cpuStolenMs());
    assertEquals(0.005, read.cpuStolenShare());
  }

  @Test
  void aFileFromBeforeOrFromAMachineThatCountsNoneHasNoShare() throws Exception {
    Files.writeString(
        dir.resolve(ClientHealth.FILE),
        "{\"probe_period_ms\":10.0,\"event_loop_lag_ms\":{\"count\":1,\"p99\":0.2},"
            + "\"saturated\":false}");
    ClientHealth read = ClientHealth.read(dir).orElseThrow();
    assertNull(read.cpuStolenShare());
    assertEquals(List.of("client loop lag p99 ms"), whats(Validity.client(read)));
    health(null).write(dir);
    assertTrue(!Files.readString(dir.resolve(ClientHealth.FILE)).contains("stolen"));
  }

  @Test
  void aHostTakingMoreThanOnePercentWarnsAndIsNoted() {
    ClientHealth taken = health(new StolenTime.Stolen(1200, 0.02));
    Validity.Line line = Validity.client(taken).get(1);
    assertEquals("CPU share the host took", line.what());
    assertEquals("WARN", line.level());
    List<String> notes = Summary.runNotes(taken, List.of());
    assertEquals(1, notes.size(), notes.toString());
    assertTrue(
        notes.get(0).contains("The host took 2.0 % of this machine's CPU time"), notes.get(0));
    assertTrue(notes.get(0).contains("(1200 ms)"), notes.get(0));
  }

  @Test
  void aQuietHostPasses() {
    ClientHealth quiet = health(new StolenTime.Stolen(20, 0.0003));
    assertEquals("PASS", Validity.client(quiet).get(1).level());
    assertEquals(List.of(), Summary.runNotes(quiet, List.of()));
  }

  private static List<String> whats(List<Validity.Line> lines) {
    return lines.stream().map(Validity.Line::what).toList();
  }
}
