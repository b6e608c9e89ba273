package io.tokenload.gatling;

import io.tokenload.workload.CellSpec;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Follows one cell's virtual users: the cell starts with its first user and is finished when its
 * last user leaves. A finished cell is recorded in the run folder (so {@code -Dresume} skips it)
 * and announced with the run's progress.
 */
final class CellTracker {

  private final RunContext run;
  private final CellSpec cell;
  private final int position;
  private final int cells;
  private final AtomicInteger usersLeft;
  private final AtomicLong startNanos = new AtomicLong();
  private final Consumer<String> progress;

  CellTracker(
      RunContext run,
      CellSpec cell,
      int position,
      int cells,
      int users,
      Consumer<String> progress) {
    this.run = run;
    this.cell = cell;
    this.position = position;
    this.cells = cells;
    this.usersLeft = new AtomicInteger(users);
    this.progress = progress;
  }

  /** The cell's start, fixed by the first user that asks. */
  long startNanos() {
    long now = System.nanoTime();
    if (startNanos.compareAndSet(0, now)) {
      run.measuredStarting();
      return now;
    }
    return startNanos.get();
  }

  void userDone() {
    // A stopped run's cells end early, their requests refused: not finished, nothing to tell.
    if (usersLeft.decrementAndGet() == 0 && !run.stopped()) {
      long tookNanos = System.nanoTime() - startNanos();
      run.cellFinished(cell);
      progress.accept(
          String.format(
              "tokenload: cell %d of %d %s done in %.1f s%s",
              position, cells, cell.name(), tookNanos / 1e9, run.timeLeft(cell)));
    }
  }

  static String describe(List<CellSpec> cells) {
    return cells.size()
        + " cells: "
        + String.join(", ", cells.stream().map(CellSpec::name).toList());
  }
}
