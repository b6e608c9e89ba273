package io.tokenload.testing;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.StreamFormat;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamClient;
import io.tokenload.transport.StreamLimits;
import io.tokenload.workload.RequestFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed load model without Gatling, for tests and benchmarks: {@code requests} streamed requests
 * with at most {@code concurrency} in flight, through the same transport and recorder that the
 * Gatling action uses.
 */
public final class ClosedLoop {

  private ClosedLoop() {}

  public static List<RequestRecord> run(
      StreamClient client,
      RequestFactory factory,
      int concurrency,
      int requests,
      long timeoutSeconds)
      throws InterruptedException {
    return run(client, factory, StreamFormat.OPENAI, null, concurrency, requests, timeoutSeconds);
  }

  /**
   * {@link #run(StreamClient, RequestFactory, int, int, long)} of any protocol: answers read in
   * {@code format}, output tokens counted by {@code tokenizer} where the server sends no counts.
   */
  public static List<RequestRecord> run(
      StreamClient client,
      RequestFactory factory,
      StreamFormat format,
      Tokenizer tokenizer,
      int concurrency,
      int requests,
      long timeoutSeconds)
      throws InterruptedException {
    Reading reading = new Reading(format, tokenizer);
    long runStart = System.nanoTime();
    List<RequestRecord> records = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(requests);
    for (int i = 0; i < Math.min(concurrency, requests); i++) {
      sendNext(client, factory, reading, requests, next, runStart, records, done);
    }
    if (!done.await(timeoutSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException(
          "closed loop did not finish in "
              + timeoutSeconds
              + " s: "
              + records.size()
              + " of "
              + requests
              + " done");
    }
    return List.copyOf(records);
  }

  private static void sendNext(
      StreamClient client,
      RequestFactory factory,
      Reading reading,
      int requests,
      AtomicInteger next,
      long runStart,
      List<RequestRecord> records,
      CountDownLatch done) {
    int index = next.getAndIncrement();
    if (index >= requests) {
      return;
    }
    String id = "test-" + index;
    var cell = factory.cell();
    long intended = System.nanoTime();
    RequestFactory.Planned planned = factory.plan(index, id);
    var asked =
        new RecordingListener.Asked(
            id,
            cell.name(),
            runStart,
            intended,
            planned.promptTokensAsked(),
            planned.outputTokensAsked(),
            reading.tokenizer(),
            StreamLimits.DEFAULTS,
            Redactor.NONE,
            reading.format(),
            true,
            false);
    client.send(
        planned.request(),
        null,
        new RecordingListener(
            asked,
            record -> {
              records.add(record);
              done.countDown();
              sendNext(client, factory, reading, requests, next, runStart, records, done);
            }));
  }

  /** How answers are read. */
  private record Reading(StreamFormat format, Tokenizer tokenizer) {}
}
