package io.tokenload.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RecordReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The run folder's bookkeeping for resuming: {@code progress.jsonl} gets a line as each cell
 * finishes, and a resumed run keeps the records of finished cells only, so the cell that was cut
 * runs again from scratch.
 */
public final class RunFolder {

  public static final String PROGRESS_FILE = "progress.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunFolder() {}

  static synchronized void cellFinished(Path runDir, String cell) {
    try (Writer out =
        Files.newBufferedWriter(
            runDir.resolve(PROGRESS_FILE),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND)) {
      out.write(
          JSON.writeValueAsString(Map.of("cell", cell, "finished_at", Instant.now().toString())));
      out.write('\n');
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot note cell " + cell + " as finished in " + runDir, e);
    }
  }

  /** The cells {@code progress.jsonl} names as finished; a damaged last line is ignored. */
  public static Set<String> finishedCells(Path runDir) throws IOException {
    Set<String> done = new LinkedHashSet<>();
    Path file = runDir.resolve(PROGRESS_FILE);
    if (!Files.isRegularFile(file)) {
      return done;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          done.add(JSON.readTree(line).get("cell").asText());
        } catch (IOException | NullPointerException e) {
          // A line cut by the interruption: that cell is not known to be finished.
        }
      }
    }
    return done;
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
