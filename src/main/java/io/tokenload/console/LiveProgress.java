package io.tokenload.console;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.workload.CellSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One line of live progress inside a cell every {@code period}: requests done of the cell's total,
 * in flight, requests/s and output tokens/s over the last period, TTFT p50 of the cell so far and
 * the time left at the current pace.
 *
 * <p>Threading: {@link #sent()} and {@link #completed} are called on the client's event loops and
 * only add to counters and a wait-free {@link Recorder}; everything else (percentiles, formatting,
 * printing) happens on this class's own daemon thread, so the measurement is not disturbed.
 */
public final class LiveProgress implements AutoCloseable {

  private final Map<String, Integer> planned = new HashMap<>();
  private final Consumer<String> out;
  private final ScheduledExecutorService thread;
  private final LongAdder inFlight = new LongAdder();
  private final LongAdder done = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final Map<String, LongAdder> doneByCell = new HashMap<>();
  // A fixed range (1 µs to an hour): an auto-resizing recorder grew its arrays at the first
  // measured end, on the event loop, which held it for most of a millisecond.
  private static final long MAX_TTFT_MICROS = TimeUnit.HOURS.toMicros(1);
  private final Recorder ttftMicros = new Recorder(1, MAX_TTFT_MICROS, 3);
  private volatile String cell;

  // Only on the printing thread.
  private final Histogram cellTtft = new Histogram(1, MAX_TTFT_MICROS, 3);
  private String ttftCell;
  private long lastDone;
  private long lastTokens;
  private long lastNanos = System.nanoTime();

  private LiveProgress(List<CellSpec> cells, Duration period, Consumer<String> out) {
    for (CellSpec c : cells) {
      planned.put(c.name(), c.requests());
      doneByCell.put(c.name(), new LongAdder());
    }
    this.out = out;
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "tokenload-progress");
              t.setDaemon(true);
              return t;
            });
    long nanos = period.toNanos();
    thread.scheduleAtFixedRate(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** Prints to {@code out} every {@code period}; null when the period is zero (no progress). */
  public static LiveProgress start(List<CellSpec> cells, Duration period, Consumer<String> out) {
    return period.isZero() ? null : new LiveProgress(cells, period, out);
  }

  /** A measured request was handed to the client. */
  public void sent() {
    inFlight.increment();
  }

  /** A measured request ended, with {@code r} its record. */
  public void completed(RequestRecord r) {
    inFlight.decrement();
    done.increment();
    LongAdder cellDone = doneByCell.get(r.cell()); // made up front: no allocation on the loop
    if (cellDone != null) {
      cellDone.increment();
      cell = r.cell();
    }
    if (r.ok()) {
      outputTokens.add(Math.max(0, r.outputTokens()));
      if (r.firstTokenNanos() >= 0) {
        ttftMicros.recordValue(Math.min(MAX_TTFT_MICROS, Math.max(0, r.firstTokenNanos() / 1000)));
      }
    }
  }

  private void tick() {
    String current = cell;
    long now = System.nanoTime();
    long d = done.sum();
    long tokens = outputTokens.sum();
    double seconds = (now - lastNanos) / 1e9;
    Histogram interval = ttftMicros.getIntervalHistogram();
    if (current == null) {
      return;
    }
    if (!current.equals(ttftCell)) {
      cellTtft.reset(); // the interval's few records of the previous cell go with the new one
      ttftCell = current;
    }
    cellTtft.add(interval);
    double rps = (d - lastDone) / seconds;
    double tps = (tokens - lastTokens) / seconds;
    lastDone = d;
    lastTokens = tokens;
    lastNanos = now;
    long cellDone = doneByCell.get(current).sum();
    int total = planned.getOrDefault(current, 0);
    if (cellDone >= total && inFlight.sum() == 0) {
      return; // the cell's own line says it is done
    }
    out.accept(line(current, cellDone, total, rps, tps));
  }

  private String line(String current, long cellDone, int total, double rps, double tps) {
    String ttft =
        cellTtft.getTotalCount() == 0
            ? "n/a"
            : String.format(Locale.ROOT, "%.0f ms", cellTtft.getValueAtPercentile(50) / 1000.0);
    String left =
        rps > 0 && total > cellDone
            ? String.format(
                Locale.ROOT, ", about %.0f s left in the cell", (total - cellDone) / rps)
            : "";
    return String.format(
        Locale.ROOT,
        "tokenload: %s: %d/%d done, %d in flight, %.1f req/s, %.0f output tok/s, TTFT p50 %s%s",
        current,
        cellDone,
        total,
        Math.max(0, inFlight.sum()),
        rps,
        tps,
        ttft,
        left);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
