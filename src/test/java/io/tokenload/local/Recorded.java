package io.tokenload.local;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.transport.StreamListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams requests through a {@link LocalBackend} into the same {@link RecordingListener} the HTTP
 * transport feeds, for tests and benchmarks.
 */
public final class Recorded {

  private Recorded() {}

  /** Starts {@code request}; the future completes with its record. */
  public static CompletableFuture<RequestRecord> start(LocalBackend backend, LocalRequest request) {
    CompletableFuture<RequestRecord> record = new CompletableFuture<>();
    backend.stream(request, recorder(request, record));
    return record;
  }

  /**
   * Starts {@code request} and counts {@code events} down once {@code eventCount} server-sent
   * events have arrived, so a test can act in the middle of a stream.
   */
  public static CompletableFuture<RequestRecord> start(
      LocalBackend backend, LocalRequest request, int eventCount, CountDownLatch events) {
    CompletableFuture<RequestRecord> record = new CompletableFuture<>();
    backend.stream(request, counting(recorder(request, record), eventCount, events));
    return record;
  }

  private static RecordingListener recorder(
      LocalRequest request, CompletableFuture<RequestRecord> record) {
    long now = System.nanoTime();
    RecordingListener.Asked asked =
        new RecordingListener.Asked(
            request.requestId(), "local", now, now, -1, request.maxTokens(), null);
    return new RecordingListener(asked, record::complete);
  }

  /** Waits for {@code latch}, at most 10 s. */
  public static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the stream did not get that far within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Streams {@code request} and waits for its record, at most {@code timeoutSeconds}. */
  public static RequestRecord stream(
      LocalBackend backend, LocalRequest request, long timeoutSeconds) {
    try {
      return start(backend, request).get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + request.requestId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          request.requestId() + " did not end within " + timeoutSeconds + " s", e);
    }
  }

  private static StreamListener counting(StreamListener to, int eventCount, CountDownLatch events) {
    return new StreamListener() {
      private int seen;

      @Override
      public void onSent(long nanos) {
        to.onSent(nanos);
      }

      @Override
      public void onStatus(long nanos, int httpStatus) {
        to.onStatus(nanos, httpStatus);
      }

      @Override
      public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
        to.onBytes(arrivalNanos, buf, off, len);
        if (++seen == eventCount) {
          events.countDown();
        }
      }

      @Override
      public void onEnd(long nanos) {
        to.onEnd(nanos);
      }

      @Override
      public void onFailure(long nanos, String reason) {
        to.onFailure(nanos, reason);
      }
    };
  }
}
