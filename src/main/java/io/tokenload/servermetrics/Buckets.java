package io.tokenload.servermetrics;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A cumulative Prometheus histogram in seconds: {@code counts[i]} observations were at most {@code
 * le[i]}; the last bound is {@code +Inf} (written as null in JSON, which has no infinity).
 */
public record Buckets(
    List<Double> le, List<Double> counts, @JsonProperty("sum") double sum, double count) {

  /** What was observed between {@code earlier} and this reading; this one when there is none. */
  public Buckets minus(Buckets earlier) {
    if (earlier == null || !earlier.le().equals(le)) {
      return this;
    }
    List<Double> delta = new ArrayList<>(counts.size());
    for (int i = 0; i < counts.size(); i++) {
      delta.add(Math.max(0, counts.get(i) - earlier.counts().get(i)));
    }
    return new Buckets(
        le, delta, Math.max(0, sum - earlier.sum()), Math.max(0, count - earlier.count()));
  }

  /** The mean observation in seconds, or null when there is none. */
  public Double mean() {
    return count > 0 ? sum / count : null;
  }

  /**
   * The {@code p}-th percentile in seconds, interpolated linearly inside its bucket as Prometheus'
   * {@code histogram_quantile} does; null when empty. Past the last finite bound it is that bound.
   */
  public Double percentile(double p) {
    double total = counts.isEmpty() ? 0 : counts.get(counts.size() - 1);
    if (total <= 0) {
      return null;
    }
    double rank = p / 100 * total;
    double lower = 0;
    double below = 0;
    for (int i = 0; i < le.size(); i++) {
      double upper = le.get(i) == null ? Double.POSITIVE_INFINITY : le.get(i);
      double n = counts.get(i);
      if (n >= rank) {
        if (Double.isInfinite(upper)) {
          return lower;
        }
        double inBucket = n - below;
        return inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
      }
      lower = upper;
      below = n;
    }
    return lower;
  }
}
