package io.tokenload.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Measures how busy the client's event loops are: a task on each loop asks to run every {@code
 * period} and records how late it ran. A loop that is late by more than a millisecond also stamps
 * arrivals late, and sends late, so the report can say the client was the limit.
 */
public final class LoopLagProbe {

  private final SynchronizedHistogram lateMicros = new SynchronizedHistogram(3_600_000_000L, 3);
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private final long periodNanos;
  private volatile boolean stopped;

  private LoopLagProbe(long periodNanos) {
    this.periodNanos = periodNanos;
  }

  /** Starts probing every loop of {@code group} every {@code periodMillis}. */
  public static LoopLagProbe start(EventLoopGroup group, long periodMillis) {
    LoopLagProbe probe = new LoopLagProbe(TimeUnit.MILLISECONDS.toNanos(periodMillis));
    for (EventExecutor loop : group) {
      probe.schedule(loop, System.nanoTime() + probe.periodNanos);
    }
    return probe;
  }

  private void schedule(EventExecutor loop, long dueNanos) {
    if (stopped || loop.isShuttingDown()) {
      return;
    }
    long delay = Math.max(0, dueNanos - System.nanoTime());
    ScheduledFuture<?> task =
        loop.schedule(
            () -> {
              long now = System.nanoTime();
              lateMicros.recordValue(Math.max(0, (now - dueNanos) / 1000));
              schedule(loop, now + periodNanos);
            },
            delay,
            TimeUnit.NANOSECONDS);
    synchronized (tasks) {
      tasks.add(task);
      tasks.removeIf(ScheduledFuture::isDone);
    }
  }

  /** Forgets what was recorded so far; probing goes on. */
  public void reset() {
    lateMicros.reset();
  }

  /** Stops probing and returns the lateness of every probe, in microseconds. */
  public Histogram stop() {
    stopped = true;
    synchronized (tasks) {
      tasks.forEach(t -> t.cancel(false));
    }
    return lateMicros.copy();
  }
}
