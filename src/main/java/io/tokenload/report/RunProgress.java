package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.workload.CellSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How far a run got: {@code progress.jsonl} gets a line as each cell finishes (written by the live
 * run), and this decides whether a cell ran to its end, for the report, the verdict and resuming.
 */
public final class RunProgress {

  public static final String FILE = "progress.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunProgress() {}

  /** The cells {@code progress.jsonl} names as finished; a damaged last line is ignored. */
  public static Set<String> finishedCells(Path runDir) throws IOException {
    Set<String> done = new LinkedHashSet<>();
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return done;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          JsonNode cell = JSON.readTree(line).get("cell");
          if (cell != null) { // other lines mark the run's end or stop
            done.add(cell.asText());
          }
        } catch (IOException e) {
          // A line cut by the interruption: that cell is not known to be finished.
        }
      }
    }
    return done;
  }

  /**
   * Whether {@code cell} ran to its end: {@code progress.jsonl} names it, or, for a cell bounded by
   * its request count, every planned request has a record (a run killed between its last record and
   * the progress line, or a run folder from before {@code progress.jsonl}). A time-bounded cell is
   * complete only when named.
   */
  static boolean complete(CellSpec cell, Set<String> finished, long recordedRequests) {
    return finished.contains(cell.name())
        || (!cell.timeBounded() && recordedRequests >= cell.requests());
  }
}
