package io.tokenload.transport;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows the end of an exchange on one event loop: the listener's last call, which records
 * the request and, in a closed model, sends the next one. It runs here in short slices, and the
 * loop goes back to reading sockets between them.
 *
 * <p>Why: streams that started together end together. Were each end handled inline, the loop would
 * read one stream's last chunk, record it, send the next request, and only then read the next
 * stream's last chunk, which by then has waited in the socket for every end before it (about 8 ms
 * behind 255 others, measured in the fidelity benchmark). Queued, an end costs the loop nothing
 * until the reads at hand have been stamped, and a slice holds the loop for about {@value
 * #SLICE_MICROS} µs. Only the loop's thread touches it, so it needs no locks.
 */
final class EndQueue {

  private static final Logger LOG = LoggerFactory.getLogger(EndQueue.class);
  private static final long SLICE_MICROS = 50;
  private static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(SLICE_MICROS);

  private final EventLoop loop;
  private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
  private boolean drainScheduled;

  EndQueue(EventLoop loop) {
    this.loop = loop;
  }

  /** Runs {@code end} on the loop after the I/O that is ready now; call on the loop's thread. */
  void add(Runnable end) {
    pending.add(end);
    if (!drainScheduled) {
      drainScheduled = true;
      scheduleDrain();
    }
  }

  /** Pending ends, for tests. */
  int size() {
    return pending.size();
  }

  private void scheduleDrain() {
    // A task scheduled with no delay runs after the loop's next poll of its sockets, whereas a task
    // given to execute() could run before it, in the same batch of tasks.
    loop.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
  }

  private void drain() {
    long deadline = System.nanoTime() + SLICE_NANOS;
    do {
      Runnable end = pending.poll();
      try {
        end.run();
      } catch (RuntimeException e) {
        LOG.error("a stream listener failed at the end of its exchange", e);
      }
    } while (!pending.isEmpty() && System.nanoTime() - deadline < 0);
    if (pending.isEmpty()) {
      drainScheduled = false;
    } else {
      scheduleDrain();
    }
  }
}
