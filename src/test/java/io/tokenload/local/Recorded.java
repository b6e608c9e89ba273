package io.tokenload.local;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import java.util.concurrent.CompletableFuture;
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
    long now = System.nanoTime();
    CompletableFuture<RequestRecord> record = new CompletableFuture<>();
    RecordingListener.Asked asked =
        new RecordingListener.Asked(
            request.requestId(), "local", now, now, -1, request.maxTokens(), null);
    backend.stream(request, new RecordingListener(asked, record::complete));
    return record;
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
}
