package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.metrics.RequestMetrics;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * How sure a run's percentiles are, per cell: a repeated cell's runs ({@code <cell>-rep1} …, see
 * {@code repeat} in a run definition) are taken together as one cell. For TTFT and end-to-end
 * latency it gives each run's p50 and p99, their mean, and a 95 % bootstrap confidence interval:
 * the requests of every run are resampled with replacement {@value #RESAMPLES} times (seeded, so
 * the interval is reproducible) and the 2.5th and 97.5th percentiles of the resampled p50 and p99
 * are its ends. {@code tokenload compare} calls a change a regression only outside these intervals.
 */
final class Confidence {

  static final int RESAMPLES = 1000;
  static final int BOOTSTRAP_MAX = 20_000;
  private static final Pattern REP = Pattern.compile("-rep\\d+$");

  /**
   * One percentile of one metric.
   *
   * @param runs its value in each run of the cell, in order
   * @param mean the mean of {@code runs}
   * @param ci95 the 95 % bootstrap interval over every run's requests
   */
  record Estimate(List<Double> runs, Double mean, List<Double> ci95) {}

  /** One cell's estimates; {@code repeats} is how many runs it had. */
  record Cell(
      String cell,
      int repeats,
      long requests,
      @JsonProperty("ttft_ms") Map<String, Estimate> ttftMs,
      @JsonProperty("e2e_ms") Map<String, Estimate> e2eMs) {}

  private Confidence() {}

  /** The cell a record counts for: a repeated cell's base name. */
  static String baseCell(String cell) {
    return REP.matcher(cell).replaceFirst("");
  }

  /** Every cell's estimates, from the completed requests of {@code records}. */
  static List<Cell> of(Path records) throws IOException {
    Map<String, Map<String, List<double[]>>> byCell = new LinkedHashMap<>();
    if (Files.isRegularFile(records)) {
      RecordReader.read(records, r -> add(byCell, r));
    }
    List<Cell> out = new ArrayList<>();
    byCell.forEach(
        (cell, runs) -> {
          long requests = runs.values().stream().mapToLong(List::size).sum();
          out.add(
              new Cell(
                  cell, runs.size(), requests, estimates(runs, 0, cell), estimates(runs, 1, cell)));
        });
    return out;
  }

  private static synchronized void add(
      Map<String, Map<String, List<double[]>>> byCell, RequestRecord r) {
    if (!r.ok() || r.firstTokenNanos() < 0) {
      return;
    }
    RequestMetrics m = RequestMetrics.of(r);
    byCell
        .computeIfAbsent(baseCell(r.cell()), k -> new LinkedHashMap<>())
        .computeIfAbsent(r.cell(), k -> new ArrayList<>())
        .add(new double[] {m.ttftNanos() / 1e6, m.e2eNanos() / 1e6});
  }

  private static Map<String, Estimate> estimates(
      Map<String, List<double[]>> runs, int metric, String cell) {
    List<double[]> perRun = new ArrayList<>();
    runs.values()
        .forEach(list -> perRun.add(list.stream().mapToDouble(v -> v[metric]).sorted().toArray()));
    double[] pooled = perRun.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
    Map<String, Estimate> out = new LinkedHashMap<>();
    long seed = cell.hashCode() * 31L + metric;
    for (double q : new double[] {50, 99}) {
      List<Double> values = perRun.stream().map(v -> Contracts.round(percentile(v, q))).toList();
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      out.put(
          "p" + (int) q, new Estimate(values, Contracts.round(mean), interval(pooled, q, seed)));
    }
    return out;
  }

  /**
   * The 95 % bootstrap interval of the {@code q}th percentile of {@code sorted}; beyond {@value
   * #BOOTSTRAP_MAX} requests, where resampling would cost seconds, the distribution-free interval
   * of order statistics (ranks n·q ± 1.96·√(n·q·(1−q))), which the bootstrap approaches there.
   */
  static List<Double> interval(double[] sorted, double q, long seed) {
    if (sorted.length > BOOTSTRAP_MAX) {
      double p = q / 100;
      double n = sorted.length;
      double spread = 1.96 * Math.sqrt(n * p * (1 - p));
      int lo = (int) Math.max(0, Math.floor(n * p - spread));
      int hi = (int) Math.min(n - 1, Math.ceil(n * p + spread));
      return List.of(Contracts.round(sorted[lo]), Contracts.round(sorted[hi]));
    }
    SplittableRandom random = new SplittableRandom(seed);
    double[] estimates = new double[RESAMPLES];
    double[] sample = new double[sorted.length];
    for (int b = 0; b < RESAMPLES; b++) {
      for (int i = 0; i < sample.length; i++) {
        sample[i] = sorted[random.nextInt(sorted.length)];
      }
      Arrays.sort(sample);
      estimates[b] = percentile(sample, q);
    }
    Arrays.sort(estimates);
    return List.of(
        Contracts.round(percentile(estimates, 2.5)), Contracts.round(percentile(estimates, 97.5)));
  }

  /** Linear interpolation between closest ranks, as numpy's default (and vLLM's reports). */
  static double percentile(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double rank = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }
}
