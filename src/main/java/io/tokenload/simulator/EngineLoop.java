package io.tokenload.simulator;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread that drives a server's {@link Engine}: a single-threaded scheduled executor that
 * wakes at the end of each step. Requests reach it from the connections' event loops through {@link
 * #submit} and {@link #cancel}, which queue tasks for this thread; the engine's sinks hop back to
 * each connection's event loop to write. When idle it holds no timer, and a submission starts a
 * step at once.
 *
 * <p>The thread is a daemon; {@link #close()} stops it and waits for it to end.
 */
final class EngineLoop implements AutoCloseable {

  private static final AtomicInteger LOOPS = new AtomicInteger();

  private final Engine engine;
  private final ScheduledThreadPoolExecutor executor;
  private volatile Thread thread;

  EngineLoop(Engine engine) {
    this.engine = engine;
    String name = TargetServer.ENGINE_THREAD + LOOPS.incrementAndGet();
    this.executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              Thread t = new Thread(task, name);
              t.setDaemon(true);
              thread = t;
              return t;
            });
    executor.setRemoveOnCancelPolicy(true);
    executor.prestartCoreThread();
  }

  EngineModel model() {
    return engine.model();
  }

  /** The engine's metrics in the text exposition format, labelled with {@code model}. */
  String metricsText(String model) {
    return engine.metrics().render(model);
  }

  /** Queues a sequence; it runs from the next step on. */
  void submit(Sequence sequence) {
    executor.execute(
        () -> {
          engine.submit(sequence);
          if (!engine.stepping()) {
            turn(); // idle: start a step now rather than at a timer that is not there
          }
        });
  }

  /** Drops a sequence (its client left); harmless after it finished or after {@link #close()}. */
  void cancel(Sequence sequence) {
    try {
      executor.execute(() -> engine.cancel(sequence));
    } catch (RejectedExecutionException e) {
      // Closed: the engine is gone with everything in it.
    }
  }

  /** The loop's thread, for tests that check it ends. */
  Thread thread() {
    return thread;
  }

  boolean isTerminated() {
    return executor.isTerminated();
  }

  /** Stops the loop, dropping whatever is running or waiting; waits up to two seconds. */
  @Override
  public void close() {
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void turn() {
    if (engine.advance()) {
      long delay = engine.stepEndNanos() - System.nanoTime(); // the engine runs on Ticker.SYSTEM
      // Waking early is harmless: advance() does nothing before the step ends, and comes back.
      executor.schedule(this::turn, Pace.wakeDelay(Math.max(0, delay)), TimeUnit.NANOSECONDS);
    }
  }
}
