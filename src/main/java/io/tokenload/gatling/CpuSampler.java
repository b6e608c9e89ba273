package io.tokenload.gatling;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * Samples this process's CPU time every 50 ms, so a benchmark can tell how much CPU the client
 * spent inside a measured window known only afterwards (the window between the first request sent
 * and the last stream's end).
 */
public final class CpuSampler implements AutoCloseable {

  private static final long PERIOD_NANOS = 50_000_000L;
  private static final int MAX_SAMPLES = 1 << 16;

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final long[] atNanos = new long[MAX_SAMPLES];
  private final long[] cpuNanos = new long[MAX_SAMPLES];
  private volatile int count;
  private volatile boolean stopped;
  private final Thread thread;

  public CpuSampler() {
    thread = new Thread(this::sample, "tokenload-cpu-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    while (!stopped && count < MAX_SAMPLES) {
      int i = count;
      atNanos[i] = System.nanoTime();
      cpuNanos[i] = os.getProcessCpuTime();
      count = i + 1;
      LockSupport.parkNanos(PERIOD_NANOS);
    }
  }

  /** Process CPU time spent between two {@code System.nanoTime()} values, interpolated. */
  public long cpuNanosBetween(long fromNanos, long toNanos) {
    return cpuAt(toNanos) - cpuAt(fromNanos);
  }

  private long cpuAt(long nanos) {
    int n = count;
    if (n == 0) {
      return 0;
    }
    if (nanos <= atNanos[0]) {
      return cpuNanos[0];
    }
    for (int i = 1; i < n; i++) {
      if (nanos <= atNanos[i]) {
        double f = (double) (nanos - atNanos[i - 1]) / (atNanos[i] - atNanos[i - 1]);
        return cpuNanos[i - 1] + Math.round(f * (cpuNanos[i] - cpuNanos[i - 1]));
      }
    }
    return cpuNanos[n - 1];
  }

  @Override
  public void close() {
    stopped = true;
    LockSupport.unpark(thread);
  }
}
