package io.tokenload.workload;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AhrensDieterMarsagliaTsangGammaSampler;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Arrival times of an open load model, as {@code vllm bench serve --request-rate R --burstiness B}
 * draws them: gaps between requests follow a gamma distribution of shape {@code B} and mean {@code
 * 1/R}. {@code B = 1} is a Poisson process; below 1 arrivals come in bursts, above 1 they are more
 * regular. Seeded, so a cell's schedule is the same on every run.
 *
 * <p>Burstiness 0 is the other meaning of a rate, AISBench's {@code request_rate}: one request
 * every {@code 1/R} seconds exactly, and below {@value #ALL_AT_ONCE_BELOW} requests/s every request
 * at once.
 */
public final class Arrivals {

  /** Below this {@code request_rate}, fixed-interval arrivals all come at once (AISBench). */
  public static final double ALL_AT_ONCE_BELOW = 0.1;

  private Arrivals() {}

  /** {@code count} arrival offsets in nanoseconds from the cell's start, the first at 0. */
  public static long[] schedule(int count, double ratePerSecond, double burstiness, long seed) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException(
          "rate was " + ratePerSecond + ", must be above 0 requests/s");
    }
    if (burstiness == 0) {
      return fixed(count, ratePerSecond);
    }
    if (!(burstiness > 0)) {
      throw new IllegalArgumentException(
          "burstiness was " + burstiness + ", must be above 0 (or 0 for fixed gaps)");
    }
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    double meanGapNanos = 1e9 / ratePerSecond;
    ContinuousSampler gap =
        AhrensDieterMarsagliaTsangGammaSampler.of(rng, burstiness, meanGapNanos / burstiness);
    long[] at = new long[count];
    double t = 0;
    for (int i = 1; i < count; i++) {
      t += gap.sample();
      at[i] = Math.round(t);
    }
    return at;
  }

  /** One request every {@code 1/rate} seconds; all at 0 below {@value #ALL_AT_ONCE_BELOW}/s. */
  private static long[] fixed(int count, double ratePerSecond) {
    long[] at = new long[count];
    if (ratePerSecond >= ALL_AT_ONCE_BELOW) {
      for (int i = 1; i < count; i++) {
        at[i] = Math.round(i * 1e9 / ratePerSecond);
      }
    }
    return at;
  }
}
