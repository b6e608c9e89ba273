package io.tokenload.service.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.gatling.RunFolder;
import io.tokenload.report.Results;
import io.tokenload.report.RunInfo;
import io.tokenload.service.store.Cell;
import io.tokenload.service.store.TaskStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Follows a task's run folder while its child runs: finds the folder, turns each cell the run notes
 * as finished ({@code progress.jsonl}) into a result with the report's own code ({@link Results}),
 * and counts the requests recorded so far. Reads only what grew since the last look, so following a
 * run costs it nothing noticeable.
 */
final class RunWatcher {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long taskId;
  private final Path runParent;
  private final TaskStore store;
  private final EventHub hub;
  private final Set<String> known = new HashSet<>();
  private Path runDir;
  private long recordBytes;
  private long requestsDone;
  private String current;

  RunWatcher(long taskId, Path runParent, Path runDir, TaskStore store, EventHub hub) {
    this.taskId = taskId;
    this.runParent = runParent;
    this.runDir = runDir;
    this.store = store;
    this.hub = hub;
    for (Cell c : store.cells(taskId)) {
      if (c.status().equals(Cell.FINISHED)) {
        known.add(c.name());
      }
    }
  }

  Path runDir() {
    return runDir;
  }

  long requestsDone() {
    return requestsDone;
  }

  String currentCell() {
    return current;
  }

  /** One look at the folder; returns whether anything changed. */
  boolean poll() throws IOException {
    if (runDir == null) {
      runDir = find(runParent).orElse(null);
      if (runDir == null) {
        return false;
      }
      store.runDir(taskId, runDir.toString());
      hub.publish(taskId, "run_folder", JSON.createObjectNode().put("run_dir", runDir.toString()));
    }
    boolean changed = cellsFinished();
    changed |= countRecords();
    List<Cell> cells = store.cells(taskId);
    String next =
        cells.stream()
            .filter(c -> !c.status().equals(Cell.FINISHED))
            .map(Cell::name)
            .findFirst()
            .orElse(null);
    if (next != null && !next.equals(current)) {
      store.cellStatus(taskId, next, Cell.RUNNING);
      current = next;
      changed = true;
    }
    if (changed) {
      ObjectNode p = JSON.createObjectNode();
      p.put("cells_finished", known.size());
      p.put("cells_total", cells.size());
      p.put("requests_done", requestsDone);
      p.put("requests_total", cells.stream().mapToLong(Cell::requests).sum());
      p.put("current_cell", current);
      hub.pass(taskId, "progress", p);
    }
    return changed;
  }

  private boolean cellsFinished() throws IOException {
    Set<String> fresh = new HashSet<>(RunFolder.finishedCells(runDir));
    fresh.removeAll(known);
    if (fresh.isEmpty()) {
      return false;
    }
    Map<String, JsonNode> results = Results.cells(runDir, fresh);
    for (String cell : fresh) {
      JsonNode result = results.get(cell);
      if (result != null) {
        store.cellFinished(taskId, cell, result);
      }
      known.add(cell);
      ObjectNode e = JSON.createObjectNode().put("cell", cell);
      if (result != null) {
        e.set("result", result);
      }
      hub.publish(taskId, "cell", e);
    }
    return true;
  }

  /** Counts record lines added since the last look; a shorter file (a resume) is counted again. */
  private boolean countRecords() throws IOException {
    Path file = runDir.resolve(Results.RECORDS_FILE);
    if (!Files.isRegularFile(file)) {
      return false;
    }
    long size = Files.size(file);
    if (size < recordBytes) {
      recordBytes = 0;
      requestsDone = 0;
    }
    if (size == recordBytes) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(recordBytes);
      byte[] buf = new byte[64 * 1024];
      long read = recordBytes;
      int n;
      while (read < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - read))) > 0) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            requestsDone++;
            recordBytes = read + i + 1;
          }
        }
        read += n;
      }
    }
    return true;
  }

  /** The run folder the child made under {@code parent}: the one holding {@code run.json}. */
  static Optional<Path> find(Path parent) throws IOException {
    if (!Files.isDirectory(parent)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(parent)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(RunInfo.FILE))).findFirst();
    }
  }
}
