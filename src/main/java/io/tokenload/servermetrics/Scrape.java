package io.tokenload.servermetrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples of one scrape, with the two questions a reader asks of them: the sum of a series over
 * every label set it was written with (a server with several engines or models writes one line
 * each), and a histogram's cumulative buckets.
 *
 * @param samples every sample read
 * @param skippedLines lines that were not valid exposition format
 */
public record Scrape(List<Sample> samples, int skippedLines) {

  /** The sum of the samples {@code s} selects, scaled; null when there is none. */
  public Double sum(Selector s) {
    double total = 0;
    boolean found = false;
    for (Sample sample : samples) {
      if (s.matches(sample.name(), sample.labels()) && !Double.isNaN(sample.value())) {
        total += sample.value();
        found = true;
      }
    }
    return found ? total * s.scale() : null;
  }

  /**
   * The histogram {@code s} names (its {@code _bucket}, {@code _sum} and {@code _count} series),
   * summed over label sets and with bounds and sum scaled to seconds; null when it has no bucket.
   */
  public Buckets histogram(Selector s) {
    TreeMap<Double, Double> byBound = new TreeMap<>();
    String bucket = s.name() + "_bucket";
    for (Sample sample : samples) {
      Map<String, String> labels = sample.labels();
      if (sample.name().equals(bucket) && s.labelsMatch(labels) && labels.containsKey("le")) {
        Double le = bound(labels.get("le"));
        if (le != null) {
          byBound.merge(le * s.scale(), sample.value(), Double::sum);
        }
      }
    }
    if (byBound.isEmpty()) {
      return null;
    }
    Double sum = sum(new Selector(s.name() + "_sum", s.labels(), s.scale()));
    Double count = sum(new Selector(s.name() + "_count", s.labels(), 1));
    List<Double> bounds = new ArrayList<>();
    byBound.keySet().forEach(b -> bounds.add(Double.isInfinite(b) ? null : b));
    List<Double> counts = new ArrayList<>(byBound.values());
    double total = count != null ? count : counts.get(counts.size() - 1);
    return new Buckets(bounds, counts, sum == null ? 0 : sum, total);
  }

  private static Double bound(String le) {
    if (le.equals("+Inf") || le.equals("Inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(le);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
