package io.tokenload.drive;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RequestFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Sends a cell's requests through the load runs' client outside Gatling, for commands whose load
 * depends on what came before (a search's probes) or follows a schedule given in full (a trace): a
 * closed loop of users, or requests at given offsets from the start. Each request's record carries
 * its intended time, so lateness shows as send lag exactly as in a Gatling run.
 */
public final class Driver implements AutoCloseable {

  private final StreamClient client = StreamClient.create(1);
  private final Tokenizer tokenizer;

  /** {@code tokenizer} counts output tokens when a server sends no usage. */
  public Driver(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * {@code cell.requests()} requests, {@code cell.concurrency()} in flight: each user sends its
   * next as soon as its last ended. Returns when all have ended.
   */
  public void closed(
      CellSpec cell, RequestFactory factory, Consumer<RequestRecord> records, long start)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(cell.requests());
    AtomicInteger next = new AtomicInteger();
    Runnable[] user = new Runnable[1];
    user[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i < cell.requests()) {
            send(
                cell,
                factory,
                i,
                start,
                System.nanoTime(),
                r -> {
                  records.accept(r);
                  done.countDown();
                  // Off the event loop's stack: a server failing at once would nest sends.
                  CompletableFuture.runAsync(user[0]);
                });
          }
        };
    for (int u = 0; u < Math.min(cell.concurrency(), cell.requests()); u++) {
      user[0].run();
    }
    done.await();
  }

  /**
   * Request {@code i} sent at {@code start + offsetsNanos[i]}, whatever is in flight. Returns when
   * all have ended.
   */
  public void scheduled(
      CellSpec cell,
      RequestFactory factory,
      Consumer<RequestRecord> records,
      long start,
      long[] offsetsNanos)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(offsetsNanos.length);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < offsetsNanos.length; i++) {
        int index = i;
        long intended = start + offsetsNanos[i];
        timer.schedule(
            () ->
                send(
                    cell,
                    factory,
                    index,
                    start,
                    intended,
                    r -> {
                      records.accept(r);
                      done.countDown();
                    }),
            Math.max(0, intended - System.nanoTime()),
            TimeUnit.NANOSECONDS);
      }
      done.await();
    } finally {
      timer.shutdownNow();
    }
  }

  private void send(
      CellSpec cell,
      RequestFactory factory,
      int index,
      long start,
      long intended,
      Consumer<RequestRecord> onDone) {
    String id = cell.name() + "-" + index;
    RequestFactory.Planned planned;
    try {
      planned = factory.plan(index, id);
    } catch (RuntimeException e) {
      new RecordingListener(
              factory.asked(id, cell.name(), start, intended, -1, cell.outputTokens(), tokenizer),
              onDone)
          .onFailure(System.nanoTime(), "no request built: " + e.getMessage());
      return;
    }
    RecordingListener listener =
        new RecordingListener(
            factory.asked(
                id,
                cell.name(),
                start,
                intended,
                planned.promptTokensAsked(),
                planned.outputTokensAsked(),
                tokenizer),
            onDone);
    try {
      client.send(planned.request(), null, listener);
    } catch (RuntimeException e) {
      listener.onFailure(System.nanoTime(), "not sent: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    client.close();
  }
}
