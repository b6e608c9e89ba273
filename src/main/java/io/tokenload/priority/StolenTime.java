package io.tokenload.priority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU time the host took from this machine: on a virtual machine the hypervisor may run something
 * else on a virtual CPU for milliseconds at a time, and whatever ran there, the client's event loop
 * included, stops without knowing it. Linux counts that time per CPU as "steal" in {@code
 * /proc/stat}; the run reports it beside its event loops' lag (docs/metrics.md). Linux only;
 * elsewhere, and where the kernel counts no steal, nothing is read.
 */
public final class StolenTime {

  /** {@code /proc/stat} counts in USER_HZ, which is 100 on every architecture Linux builds. */
  static final long MILLIS_PER_TICK = 10;

  private static final Path STAT = Path.of("/proc/stat");

  /**
   * The machine's counters at one instant.
   *
   * @param stolenTicks the host's time summed over every CPU, in ticks
   * @param cpus how many CPUs {@code /proc/stat} lists
   * @param nanoTime {@link System#nanoTime()} when read
   */
  public record Reading(long stolenTicks, int cpus, long nanoTime) {

    /**
     * What the host took between {@code earlier} and this reading: null when they are the same
     * instant.
     */
    public Stolen since(Reading earlier) {
      long elapsedMillis = (nanoTime - earlier.nanoTime) / 1_000_000;
      if (elapsedMillis <= 0 || cpus == 0) {
        return null;
      }
      long stolenMillis = Math.max(0, stolenTicks - earlier.stolenTicks) * MILLIS_PER_TICK;
      return new Stolen(stolenMillis, (double) stolenMillis / (elapsedMillis * (double) cpus));
    }
  }

  /**
   * The host's share of this machine's CPU time over a stretch.
   *
   * @param millis CPU time taken, summed over the CPUs
   * @param share that time over the stretch's length times the number of CPUs
   */
  public record Stolen(long millis, double share) {}

  private StolenTime() {}

  /** The counters now, empty where {@code /proc/stat} cannot be read or has no steal column. */
  public static Optional<Reading> now() {
    return read(STAT);
  }

  static Optional<Reading> read(Path stat) {
    List<String> lines;
    try {
      lines = Files.readAllLines(stat);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    long nanoTime = System.nanoTime();
    if (lines.isEmpty() || !lines.get(0).startsWith("cpu ")) {
      return Optional.empty();
    }
    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": steal is the 8th
    // count, present since Linux 2.6.11.
    String[] fields = lines.get(0).trim().split("\\s+");
    if (fields.length < 9) {
      return Optional.empty();
    }
    int cpus = 0;
    for (String line : lines) {
      if (line.length() > 3 && line.startsWith("cpu") && Character.isDigit(line.charAt(3))) {
        cpus++;
      }
    }
    try {
      return Optional.of(new Reading(Long.parseLong(fields[8]), cpus, nanoTime));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
