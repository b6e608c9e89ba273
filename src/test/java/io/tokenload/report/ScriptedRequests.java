package io.tokenload.report;

import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Request records with scripted times, and run folders made of them, for report tests. */
final class ScriptedRequests {

  static final long MS = 1_000_000L;

  private ScriptedRequests() {}

  /**
   * Request {@code i} of {@code cell}: sent at i*100 ms, first token after 50 ms, then 4 tokens 10
   * ms apart; it ends at 90 + i ms.
   */
  static RequestRecord ok(String cell, int i) {
    return ok(cell, i, 50 * MS);
  }

  /** {@link #ok(String, int)} with the first token recorded at {@code firstTokenNanos}. */
  static RequestRecord ok(String cell, int i, long firstTokenNanos) {
    long sent = i * 100 * MS;
    long[] chunks = {50 * MS, 60 * MS, 70 * MS, 80 * MS, 90 * MS};
    return new RequestRecord(
        "r" + i,
        "chatcmpl-" + i,
        cell,
        sent - MS,
        sent,
        200,
        true,
        null,
        firstTokenNanos,
        50 * MS,
        90 * MS + i * MS,
        chunks,
        new int[] {1, 1, 1, 1, 1},
        "usage",
        8,
        8,
        5,
        5);
  }

  /** A request of {@code cell} sent at i*100 ms that failed after 2 ms with {@code error}. */
  static RequestRecord failed(String cell, int i, int status, String error) {
    return new RequestRecord(
        "f" + i,
        null,
        cell,
        i * 100 * MS,
        i * 100 * MS,
        status,
        false,
        error,
        -1,
        -1,
        2 * MS,
        new long[0],
        new int[0],
        "chunks",
        8,
        -1,
        5,
        -1);
  }

  /** A run folder: {@code run.json} with {@code cells} and {@code thresholds}, and the records. */
  static void writeRun(
      Path run, List<CellSpec> cells, Thresholds thresholds, List<RequestRecord> records)
      throws IOException {
    writeRun(run, cells, Slo.NONE, thresholds, records);
  }

  /** {@link #writeRun(Path, List, Thresholds, List)} with goodput objectives. */
  static void writeRun(
      Path run, List<CellSpec> cells, Slo slo, Thresholds thresholds, List<RequestRecord> records)
      throws IOException {
    new RunInfo(
            1,
            "scripted-run",
            "MatrixSimulation",
            "2026-01-01T00:00:00Z",
            "embedded",
            Map.of(),
            "tokenload-sim",
            "chat",
            "vllm",
            null,
            0,
            cells,
            slo,
            "words",
            0,
            null,
            thresholds,
            null)
        .write(run);
    try (RecordWriter w = new RecordWriter(run.resolve("requests.jsonl"))) {
      records.forEach(w::accept);
    }
  }
}
