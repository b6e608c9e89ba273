package io.tokenload.gatling;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open model's concurrency cap ({@code --max-concurrency} with {@code --request-rate} in vLLM):
 * a request that arrives while {@code limit} are in flight waits for one to end. Its intended time
 * stays its arrival, so the wait shows as send lag and in latency from the schedule.
 */
final class Admission {

  private final int limit;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  Admission(int limit) {
    this.limit = limit;
  }

  /** Runs {@code send} now if a place is free, else when one frees up. */
  void enter(Runnable send) {
    waiting.add(send);
    drain();
  }

  /** A request ended: its place goes to the next waiting one. */
  void exit() {
    inFlight.decrementAndGet();
    drain();
  }

  private void drain() {
    while (true) {
      int n = inFlight.get();
      if (n >= limit || waiting.isEmpty()) {
        return;
      }
      if (inFlight.compareAndSet(n, n + 1)) {
        Runnable next = waiting.poll();
        if (next == null) {
          inFlight.decrementAndGet();
          continue;
        }
        next.run();
      }
    }
  }
}
