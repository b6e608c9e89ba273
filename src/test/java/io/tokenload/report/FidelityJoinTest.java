package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's arrival stamps set beside a target's logged write times, on the machine's clock. */
class FidelityJoinTest {

  private static final long MS = 1_000_000;
  private static final long ORIGIN = 5_000 * MS; // the run's System.nanoTime() origin
  private static final CellSpec CELL = CellSpec.of(8, 3, 2, 2, 1);

  @Test
  void measuredMinusWrittenPerTokenAndGap(@TempDir Path run) throws IOException {
    writeRun(run, ORIGIN);
    // r1 arrived 1, 2 and 4 ms after each write; r2 (found by its response id) 1 ms after each.
    long sent1 = ORIGIN + 10 * MS;
    long sent2 = ORIGIN + 20 * MS;
    Map<String, long[]> written =
        Map.of(
            "r1",
            new long[] {sent1 + 99 * MS, sent1 + 118 * MS, sent1 + 136 * MS},
            "chatcmpl-2",
            new long[] {sent2 + 99 * MS, sent2 + 119 * MS, sent2 + 139 * MS});

    List<Fidelity> cells = FidelityJoin.join(run, written);

    Fidelity f = cells.get(0);
    assertEquals(CELL.name(), f.cell());
    assertEquals(2, f.streams());
    assertEquals(6, f.chunks());
    assertEquals(0, f.unmatched());
    assertEquals(1.0, f.firstTokenMs().max(), 0.01);
    assertEquals(4.0, f.laterTokensMs().max(), 0.01);
    assertEquals(2.0, f.gapErrorMs().max(), 0.01); // r1's last gap: 20 ms measured, 18 written
  }

  @Test
  void aChunkWithNoWriteTimeIsCountedNotCompared(@TempDir Path run) throws IOException {
    writeRun(run, ORIGIN);
    Fidelity f = FidelityJoin.join(run, Map.of("r1", new long[] {ORIGIN + 109 * MS})).get(0);
    assertEquals(1, f.chunks());
    assertEquals(5, f.unmatched()); // r1's other two, and all three of r2
  }

  @Test
  void aRunWithoutItsClockOriginIsRefused(@TempDir Path run) throws IOException {
    writeRun(run, null);
    String message =
        assertThrows(IOException.class, () -> FidelityJoin.join(run, Map.of())).getMessage();
    assertTrue(message.contains("has no originNanoTime"), message);
  }

  private static void writeRun(Path run, Long origin) throws IOException {
    RunInfo info =
        new RunInfo(
            1,
            "fidelity-run",
            "ChatStreamSimulation",
            "2026-12-03T12:00:00Z",
            "http://127.0.0.1:18300",
            Map.of(),
            "tokenload-sim",
            "chat",
            "vllm",
            null,
            0,
            List.of(CELL),
            Slo.NONE,
            "words",
            0);
    (origin == null ? info : info.withOriginNanoTime(origin)).write(run);
    try (RecordWriter w = new RecordWriter(run.resolve(RunReport.RECORDS_FILE))) {
      w.accept(record("r1", "chatcmpl-1", 10 * MS));
      w.accept(record("r2", "chatcmpl-2", 20 * MS));
    }
  }

  /** Three tokens arriving 100, 120 and 140 ms after the send. */
  private static RequestRecord record(String requestId, String responseId, long sentNanos) {
    return new RequestRecord(
        requestId,
        responseId,
        CELL.name(),
        sentNanos,
        sentNanos,
        200,
        true,
        null,
        100 * MS,
        100 * MS,
        141 * MS,
        new long[] {100 * MS, 120 * MS, 140 * MS},
        new int[] {1, 1, 1},
        "usage",
        8,
        8,
        3,
        3);
  }
}
