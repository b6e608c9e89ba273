package io.tokenload.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The highest load that meets every objective: probe upwards, doubling from {@code start}, until a
 * probe breaks an objective, reaches {@code max}, or finds the server saturated; then bisect
 * between the last level that met every objective and the first that did not, and re-run the answer
 * once to confirm it (a re-run that breaks an objective makes it the new upper end).
 *
 * <p>Saturated means more load no longer buys throughput: for concurrency, output tokens/s stayed
 * under {@value #SATURATION_GAIN} × the best so far over {@value #SATURATED_AFTER} doublings in a
 * row (one alone can be noise) (the search stops there: more concurrency only queues); for a rate,
 * the server did not complete requests as fast as they were offered ({@link Probe#sustained}: that
 * rate counts as a level that failed).
 */
public final class SloSearch {

  static final double SATURATION_GAIN = 1.05;
  static final int SATURATED_AFTER = 2;
  private static final int MAX_CONFIRMATIONS = 3;

  /** What is searched for. */
  public enum Mode {
    MAX_CONCURRENCY,
    MAX_RATE;

    /** {@code max-concurrency} or {@code max-rate}. */
    public static Mode parse(String raw, String flag) {
      return switch (raw.strip().toLowerCase(Locale.ROOT)) {
        case "max-concurrency" -> MAX_CONCURRENCY;
        case "max-rate" -> MAX_RATE;
        default ->
            throw new IllegalArgumentException(
                flag + " " + raw + " is not allowed; allowed: max-concurrency, max-rate");
      };
    }

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Runs one probe at a level. */
  @FunctionalInterface
  public interface Prober {
    Probe probe(double level) throws IOException, InterruptedException;
  }

  /**
   * A search's outcome.
   *
   * @param answer the highest level that met every objective (and its confirmation), or null when
   *     even the first probe broke one
   * @param next the nearest level above the answer that was probed and broke an objective, or null
   * @param firstBroken the objective that broke first on the way up, as typed
   * @param stop why the upward probing stopped: {@code slo}, {@code saturated} or {@code limit}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      String mode,
      List<String> slo,
      Double answer,
      @JsonProperty("next_probe") Double next,
      @JsonProperty("first_broken") String firstBroken,
      String stop,
      List<Probe> probes) {}

  private final Mode mode;
  private final List<Objective> slo;
  private final double start;
  private final double max;
  private final Prober prober;
  private final List<Probe> probes = new ArrayList<>();

  public SloSearch(Mode mode, List<Objective> slo, double start, double max, Prober prober) {
    if (!(start > 0) || max < start) {
      throw new IllegalArgumentException(
          "the search starts at " + start + " and stops at " + max + "; need 0 < start <= max");
    }
    this.mode = mode;
    this.slo = List.copyOf(slo);
    this.start = mode == Mode.MAX_CONCURRENCY ? Math.max(1, Math.round(start)) : start;
    this.max = max;
    this.prober = prober;
  }

  public Result run() throws IOException, InterruptedException {
    Double good = null;
    Double bad = null;
    String firstBroken = null;
    String stop = "limit";
    double bestTokensPerS = 0;
    int withoutGain = 0;
    for (double level = start; ; level = Math.min(max, up(level))) {
      Probe p = probe(level);
      if (mode == Mode.MAX_RATE && p.met() && !keptUp(p)) {
        bad = level;
        stop = "saturated";
        break;
      }
      if (!p.met()) {
        bad = level;
        firstBroken = p.broken() == null ? "no request completed" : p.broken();
        stop = "slo";
        break;
      }
      good = level;
      if (mode == Mode.MAX_CONCURRENCY && p.outputTokensPerS() != null) {
        boolean gained = p.outputTokensPerS() >= SATURATION_GAIN * bestTokensPerS;
        withoutGain = gained ? 0 : withoutGain + 1;
        bestTokensPerS = Math.max(bestTokensPerS, p.outputTokensPerS());
        if (withoutGain == SATURATED_AFTER) {
          stop = "saturated";
          break;
        }
      }
      if (level >= max) {
        break;
      }
    }
    for (int confirmations = 0; good != null && bad != null; ) {
      double[] ends = bisect(good, bad);
      good = ends[0];
      bad = ends[1];
      if (confirmations++ == MAX_CONFIRMATIONS || holds(probe(good))) {
        break;
      }
      // The answer did not hold on a re-run: it is an upper end now.
      bad = good;
      good = highestMetBelow(good);
    }
    return new Result(
        mode.wireName(),
        slo.stream().map(Objective::toString).toList(),
        good,
        bad,
        firstBroken,
        stop,
        List.copyOf(probes));
  }

  private double[] bisect(double good, double bad) throws IOException, InterruptedException {
    while (!closeEnough(good, bad)) {
      double mid = mode == Mode.MAX_CONCURRENCY ? Math.floor((good + bad) / 2) : (good + bad) / 2;
      if (holds(probe(mid))) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return new double[] {good, bad};
  }

  private Double highestMetBelow(double level) {
    Optional<Double> best =
        probes.stream()
            .filter(p -> p.level() < level && holds(p))
            .map(Probe::level)
            .max(Double::compare);
    return best.orElse(null);
  }

  private boolean closeEnough(double good, double bad) {
    return mode == Mode.MAX_CONCURRENCY ? bad - good <= 1 : bad - good <= 0.05 * good;
  }

  private double up(double level) {
    return level * 2;
  }

  private static boolean keptUp(Probe p) {
    return !Boolean.FALSE.equals(p.sustained());
  }

  /** Whether {@code p} met every objective and, for a rate, kept up with it. */
  private boolean holds(Probe p) {
    return p.met() && (mode == Mode.MAX_CONCURRENCY || keptUp(p));
  }

  private Probe probe(double level) throws IOException, InterruptedException {
    Probe p = prober.probe(level);
    probes.add(p);
    return p;
  }
}
