package io.tokenload.report;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording one latency costs in the histogram every report percentile comes from:
 * HdrHistogram {@code recordValue} on a 1 µs to 1 h histogram with 3 significant digits, bare and
 * through {@link LatencyHistogram#recordNanos} (nanoseconds rounded to microseconds and clamped
 * first).
 *
 * <p>A report records several samples per token (ITL) for every request, so this is paid millions
 * of times per run. The cost depends on where the values fall: {@code maxMicros} is the top of a
 * log-uniform spread of {@value #VALUES} pre-drawn values starting at 1 µs. 1,000 (up to 1 ms, ITLs
 * of a fast server) touches a few buckets that stay in cache; 3,600,000,000 (up to the histogram's
 * 1 h) spreads over its whole ~200 KB count array, as a mix of ITLs, TTFTs and end-to-end latencies
 * does. The histogram is reset each iteration, so its counts never overflow and every iteration
 * sees the same state. Scores are per recorded value ({@link OperationsPerInvocation}).
 *
 * <p>Run: {@code mvn jmh:run -Djmh.filter=HistogramRecordBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HistogramRecordBenchmark {

  static final int VALUES = 4096;

  @Param({"1000", "3600000000"})
  long maxMicros;

  private long[] micros;
  private long[] nanos;
  private Histogram histogram;
  private LatencyHistogram latencies;

  @Setup
  public void drawValues() {
    SplittableRandom random = new SplittableRandom(42);
    micros = new long[VALUES];
    nanos = new long[VALUES];
    double logMax = Math.log(maxMicros);
    for (int i = 0; i < VALUES; i++) {
      micros[i] = Math.max(1, Math.round(Math.exp(random.nextDouble() * logMax)));
      nanos[i] = micros[i] * 1000 + random.nextInt(1000);
    }
  }

  @Setup(Level.Iteration)
  public void freshHistograms() {
    histogram = new Histogram(1, LatencyHistogram.MAX_MICROS, 3);
    latencies = new LatencyHistogram();
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public Histogram recordValue() {
    for (long v : micros) {
      histogram.recordValue(v);
    }
    return histogram;
  }

  @Benchmark
  @OperationsPerInvocation(VALUES)
  public LatencyHistogram recordNanos() {
    for (long v : nanos) {
      latencies.recordNanos(v);
    }
    return latencies;
  }
}
