package io.tokenload.report;

import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets a run's measured arrivals ({@code requests.jsonl}) beside a target's own write times, by
 * request id, cell by cell. The records count from the run's time origin, which {@code run.json}
 * keeps as the machine's {@code System.nanoTime()} ({@link RunInfo#originNanoTime()}); the target's
 * times are that clock's own readings, so the two meet without any offset estimated.
 */
public final class FidelityJoin {

  private FidelityJoin() {}

  /**
   * One {@link Fidelity} per cell of the run, in the run's order.
   *
   * @param writtenNanos per request id, the target's write time of each token chunk
   * @throws IOException when the run folder cannot be read, or its {@code run.json} has no origin
   *     (a run written by a tokenload before it was kept)
   */
  public static List<Fidelity> join(Path runDir, Map<String, long[]> writtenNanos)
      throws IOException {
    RunInfo info = RunInfo.read(runDir);
    if (info.originNanoTime() == null) {
      throw new IOException(
          runDir.resolve(RunInfo.FILE)
              + " has no originNanoTime (the run's clock origin): run it again with this"
              + " tokenload to compare it with a write log");
    }
    Map<String, Fidelity.Builder> cells = new LinkedHashMap<>();
    for (CellSpec cell : info.cells()) {
      cells.put(cell.name(), new Fidelity.Builder(writtenNanos, info.originNanoTime()));
    }
    RecordReader.read(
        runDir.resolve(RunReport.RECORDS_FILE),
        r -> {
          Fidelity.Builder cell = cells.get(r.cell());
          if (cell != null) {
            cell.add(r);
          }
        });
    List<Fidelity> result = new ArrayList<>();
    for (CellSpec cell : info.cells()) {
      result.add(cells.get(cell.name()).build(cell.name(), cell.concurrency()));
    }
    return result;
  }
}
