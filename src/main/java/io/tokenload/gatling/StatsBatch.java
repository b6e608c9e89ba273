package io.tokenload.gatling;

import io.gatling.core.session.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Gatling's statistics for the requests that end on one event loop, handed to Gatling in batches.
 *
 * <p>Each call into Gatling's stats engine is a message to its data writers, and the first message
 * to an idle writer wakes a thread of its pool: a {@code futex} call on the event loop and a thread
 * made runnable beside it, about 12 µs of the loop's time per request (async-profiler, short
 * requests in {@code tools/capacity-bench.sh}), spent between one request's end and the next
 * request's send. Queued here and handed over every {@value #FLUSH_MILLIS} ms, a batch wakes the
 * writers once.
 *
 * <p>Gatling stops its writers once the last virtual user has left, so a user flushes its loop's
 * batch as it leaves ({@link LoadPlan}): every request it logged is handed over before. Only the
 * loop's own thread touches its batch; a call from any other thread goes to Gatling at once.
 */
final class StatsBatch {

  private static final long FLUSH_MILLIS = 20;
  private static final ThreadLocal<StatsBatch> ON_LOOP = new ThreadLocal<>();

  private final List<Runnable> pending = new ArrayList<>();
  private boolean flushScheduled;

  private StatsBatch() {}

  /** Runs {@code log} (calls into Gatling's stats engine) with the next batch of this loop. */
  static void log(Session session, Runnable log) {
    if (!session.eventLoop().inEventLoop()) {
      log.run();
      return;
    }
    StatsBatch batch = ON_LOOP.get();
    if (batch == null) {
      batch = new StatsBatch();
      ON_LOOP.set(batch);
    }
    batch.pending.add(log);
    if (!batch.flushScheduled) {
      batch.flushScheduled = true;
      session.eventLoop().schedule(StatsBatch::flush, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Hands this thread's batch to Gatling now; nothing when the thread has none. */
  static void flush() {
    StatsBatch batch = ON_LOOP.get();
    if (batch == null) {
      return;
    }
    batch.flushScheduled = false;
    for (Runnable call : batch.pending) {
      call.run();
    }
    batch.pending.clear();
  }
}
