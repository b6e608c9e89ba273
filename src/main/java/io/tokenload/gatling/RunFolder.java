package io.tokenload.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RecordReader;
import io.tokenload.report.RunProgress;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run folder's bookkeeping for resuming: {@code progress.jsonl} gets a line as each cell
 * finishes ({@code {"cell":…,"finished_at":…}}), and one when the run ends ({@code
 * {"run_ended_at":…}}) or is stopped by a signal ({@code {"run_stopped_at":…,"unfinished_cells":
 * […]}}); a resumed run keeps the records of finished cells only, so the cell that was cut runs
 * again from scratch.
 */
public final class RunFolder {

  public static final String PROGRESS_FILE = RunProgress.FILE;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunFolder() {}

  static void cellFinished(Path runDir, String cell) {
    note(runDir, Map.of("cell", cell, "finished_at", Instant.now().toString()), "cell " + cell);
  }

  /**
   * Notes that the run reached its end: the last line of a run that ended by itself. A run cut by a
   * signal ends with {@link #runStopped}'s line instead, and one killed outright with neither.
   */
  static void runEnded(Path runDir) {
    note(runDir, Map.of("run_ended_at", Instant.now().toString()), "the run's end");
  }

  /** Notes that the run was stopped (Ctrl-C, SIGTERM) with {@code unfinished} cells left. */
  static void runStopped(Path runDir, List<String> unfinished) {
    note(
        runDir,
        Map.of("run_stopped_at", Instant.now().toString(), "unfinished_cells", unfinished),
        "the run's stop");
  }

  private static synchronized void note(Path runDir, Map<String, Object> line, String what) {
    try (Writer out =
        Files.newBufferedWriter(
            runDir.resolve(PROGRESS_FILE),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot note " + what + " in " + runDir.resolve(PROGRESS_FILE), e);
    }
  }

  /** The cells {@code progress.jsonl} names as finished. */
  public static Set<String> finishedCells(Path runDir) throws IOException {
    return RunProgress.finishedCells(runDir);
  }

  /**
   * Rewrites {@code requests.jsonl} with the records of {@code keep} only; returns the latest end
   * among them (an offset from the old run's start), so the resumed run's clock can go on from
   * there.
   */
  static long keepRecordsOf(Path runDir, Set<String> keep) throws IOException {
    Path records = runDir.resolve(RunContext.RECORDS_FILE);
    if (!Files.isRegularFile(records)) {
      return 0;
    }
    Path kept = runDir.resolve(RunContext.RECORDS_FILE + ".resume");
    long[] lastEnd = {0};
    try (RecordWriter writer = new RecordWriter(kept)) {
      RecordReader.read(
          records,
          (RequestRecord r) -> {
            if (keep.contains(r.cell())) {
              writer.accept(r);
              lastEnd[0] = Math.max(lastEnd[0], r.sentNanos() + Math.max(0, r.endNanos()));
            }
          });
    }
    Files.move(kept, records, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return lastEnd[0];
  }
}
