package io.tokenload.gatling;

import io.gatling.core.session.Session;
import io.tokenload.metrics.RequestRecord;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gatling's statistics for the requests that end, handed to Gatling in batches by a thread of their
 * own instead of by the event loops.
 *
 * <p>Each call into Gatling's stats engine is a message to its data writers, and the first message
 * to an idle writer wakes a thread of its pool: a {@code futex} call and a thread made runnable
 * beside the loop, about 12 µs of the loop's time per request (async-profiler, short requests in
 * {@code tools/capacity-bench.sh}), spent between one request's end and the next request's send.
 * The first call of a run also loads Gatling's message classes, which held the loop for about 7 ms
 * at the first measured end and made that round's next requests late. Here an event loop only
 * queues the call; every {@value #FLUSH_MILLIS} ms this class's thread hands the queue to Gatling,
 * waking its writers once.
 *
 * <p>Gatling stops its writers once the last virtual user has left, so a user hands the queue over
 * itself as it leaves ({@link LoadPlan}): every request it logged reaches Gatling before.
 */
final class StatsBatch {

  private static final Logger LOG = LoggerFactory.getLogger(StatsBatch.class);
  private static final long FLUSH_MILLIS = 20;
  private static final Queue<Pending> PENDING = new ConcurrentLinkedQueue<>();

  /** One request's statistics, and the action that hands them to Gatling. */
  private record Pending(StreamAction action, Session session, RequestRecord record) {}

  static {
    // Loaded here rather than at the first measured end, where loading it held the loop for 0.4 ms.
    new Pending(null, null, null);
    Thread flusher =
        new Thread(
            () -> {
              while (true) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MILLIS));
                flush();
              }
            },
            "tokenload-gatling-stats");
    flusher.setDaemon(true);
    flusher.start();
  }

  private StatsBatch() {}

  /** Queues {@code record}'s statistics for the next batch; never blocks. */
  static void log(StreamAction action, Session session, RequestRecord record) {
    PENDING.add(new Pending(action, session, record));
  }

  /** Hands every queued call to Gatling now, on the calling thread. */
  static void flush() {
    for (Pending call = PENDING.poll(); call != null; call = PENDING.poll()) {
      try {
        call.action().logToGatling(call.session(), call.record());
      } catch (RuntimeException e) {
        LOG.error("Gatling's stats engine refused a request's statistics", e);
      }
    }
  }
}
