package io.tokenload.local;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.transport.StreamListener;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one request through {@link SimulatedBackend} costs when the simulated model takes no time at
 * all: the floor under every latency a local run reports.
 *
 * <p>{@code recorded} is the full path a local load run takes: the request is handed to the
 * backend's scheduler thread, which encodes the role chunk, {@code outputTokens} text chunks with
 * running usage, the finish and usage chunks and {@code [DONE]} as SSE bytes, while {@code
 * RecordingListener} decodes and parses them and builds the {@link RequestRecord}, which comes back
 * to the benchmark thread. {@code discarded} takes the same path but its listener drops the bytes,
 * so the difference is the recorder's share. Both include two thread hand-offs (a few µs to tens of
 * µs, depending on whether the scheduler thread is parked), which a real backend pays too.
 *
 * <p>Average time per request, in microseconds.
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=SimulatedBackendBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SimulatedBackendBenchmark {

  @Param({"1", "16", "128"})
  int outputTokens;

  private SimulatedBackend backend;
  private LocalRequest request;

  @Setup
  public void start() {
    backend = new SimulatedBackend("sim", SimulatedBackend.Timing.immediate());
    request =
        LocalRequest.chat("bench", "a prompt of some eight words for the model", outputTokens);
  }

  @TearDown
  public void stop() {
    backend.close();
  }

  @Benchmark
  public RequestRecord recorded() {
    return Recorded.start(backend, request).join();
  }

  @Benchmark
  public Long discarded() {
    CompletableFuture<Long> end = new CompletableFuture<>();
    backend.stream(request, new Discarding(end));
    return end.join();
  }

  /** Drops the bytes; completes with the end time. */
  private static final class Discarding implements StreamListener {
    private final CompletableFuture<Long> end;

    Discarding(CompletableFuture<Long> end) {
      this.end = end;
    }

    @Override
    public void onSent(long nanos) {}

    @Override
    public void onStatus(long nanos, int httpStatus) {}

    @Override
    public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {}

    @Override
    public void onEnd(long nanos) {
      end.complete(nanos);
    }

    @Override
    public void onFailure(long nanos, String reason) {
      end.completeExceptionally(new IllegalStateException(reason));
    }
  }
}
