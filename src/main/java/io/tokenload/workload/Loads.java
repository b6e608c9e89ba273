package io.tokenload.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code load} object of a run definition, expanded into load levels (cells without lengths).
 *
 * <ul>
 *   <li>{@code closed}: {@code concurrency[i]} users send exactly {@code requests[i]} requests; the
 *       two lists are paired index by index and must have the same length.
 *   <li>{@code open}: requests arrive at {@code rate[i]} per second, gamma gaps of shape {@code
 *       burstiness} (1 = Poisson), {@code requests[i]} of them, at most {@code max_concurrency} in
 *       flight.
 *   <li>{@code request_rate}: AISBench's meaning of a rate: one request every {@code
 *       1/request_rate[i]} seconds exactly, {@code requests[i]} of them (below 0.1 requests/s, all
 *       at once), at most {@code max_concurrency} in flight (AISBench's {@code batch_size}).
 *   <li>{@code ramp}: {@code of} concurrency or rate, {@code steps} levels from {@code from} to
 *       {@code to}, {@code linear} or {@code exponential}, each held {@code dwell_s} seconds.
 * </ul>
 */
final class Loads {

  private static final Set<String> CLOSED = Set.of("model", "concurrency", "requests");
  private static final Set<String> OPEN =
      Set.of("model", "rate", "requests", "burstiness", "max_concurrency");
  private static final Set<String> REQUEST_RATE =
      Set.of("model", "request_rate", "requests", "max_concurrency");
  private static final Set<String> RAMP =
      Set.of(
          "model",
          "of",
          "from",
          "to",
          "steps",
          "shape",
          "dwell_s",
          "burstiness",
          "max_concurrency");
  private static final int MAX_CONCURRENCY = 100_000;
  private static final int MAX_REQUESTS = 10_000_000;

  private Loads() {}

  static List<CellSpec> levels(JsonFields load) {
    String model = load.string("model", "closed");
    return switch (model) {
      case "closed" -> closed(load.only(CLOSED));
      case "open" -> open(load.only(OPEN));
      case "ramp" -> ramp(load.only(RAMP));
      case "request_rate" -> requestRate(load.only(REQUEST_RATE));
      default ->
          throw load.error(
              load.where("model"), "was \"" + model + "\"", "closed, open, ramp, request_rate");
    };
  }

  private static List<CellSpec> closed(JsonFields load) {
    List<Integer> concurrency = load.integers("concurrency", 1, MAX_CONCURRENCY);
    List<Integer> requests = load.integers("requests", 1, MAX_REQUESTS);
    if (concurrency.size() != requests.size()) {
      throw load.error(
          load.where("requests")
              + " has "
              + requests.size()
              + " entries but "
              + load.where("concurrency")
              + " has "
              + concurrency.size()
              + "; they are paired index by index (requests[i] requests at concurrency[i]), so"
              + " both must have the same length");
    }
    List<CellSpec> levels = new ArrayList<>();
    for (int i = 0; i < concurrency.size(); i++) {
      int c = concurrency.get(i);
      levels.add(new CellSpec("c" + c, 1, 1, c, requests.get(i), 0));
    }
    return levels;
  }

  private static List<CellSpec> open(JsonFields load) {
    List<Double> rates = load.numbers("rate", 0.001, 1e6);
    List<Integer> requests = load.integers("requests", 1, MAX_REQUESTS);
    paired(load, "rate", rates.size(), requests.size());
    double burstiness = load.number("burstiness", 1, 0.01, 100);
    int cap = load.integer("max_concurrency", MAX_CONCURRENCY, 1, MAX_CONCURRENCY);
    List<CellSpec> levels = new ArrayList<>();
    for (int i = 0; i < rates.size(); i++) {
      double r = rates.get(i);
      levels.add(new CellSpec("r" + format(r), 1, 1, cap, requests.get(i), 0, r, burstiness, 0));
    }
    return levels;
  }

  private static List<CellSpec> requestRate(JsonFields load) {
    List<Double> rates = load.numbers("request_rate", 0, 1e6);
    List<Integer> requests = load.integers("requests", 1, MAX_REQUESTS);
    paired(load, "request_rate", rates.size(), requests.size());
    int cap = load.integer("max_concurrency", MAX_CONCURRENCY, 1, MAX_CONCURRENCY);
    List<CellSpec> levels = new ArrayList<>();
    for (int i = 0; i < rates.size(); i++) {
      // A rate of 0 (all at once) stays an open cell: any rate below 0.1 sends everything at once.
      double r = Math.max(rates.get(i), Arrivals.ALL_AT_ONCE_BELOW / 100);
      levels.add(new CellSpec("rr" + format(rates.get(i)), 1, 1, cap, requests.get(i), 0, r, 0, 0));
    }
    return levels;
  }

  /** Refuses a {@code requests} list whose length differs from {@code field}'s. */
  private static void paired(JsonFields load, String field, int levels, int requests) {
    if (levels != requests) {
      throw load.error(
          load.where("requests")
              + " has "
              + requests
              + " entries but "
              + load.where(field)
              + " has "
              + levels
              + "; they are paired index by index, so both must have the same length");
    }
  }

  private static List<CellSpec> ramp(JsonFields load) {
    String of = load.string("of", "concurrency");
    if (!of.equals("concurrency") && !of.equals("rate")) {
      throw load.error(load.where("of"), "was \"" + of + "\"", "concurrency, rate");
    }
    String shape = load.string("shape", "linear");
    if (!shape.equals("linear") && !shape.equals("exponential")) {
      throw load.error(load.where("shape"), "was \"" + shape + "\"", "linear, exponential");
    }
    double from = load.number("from", 1, 0.001, 1e6);
    double to = load.number("to", from, from, 1e6);
    int steps = load.integer("steps", 2, 1, 1000);
    double dwell = load.number("dwell_s", 10, 0.1, 86_400);
    double burstiness = load.number("burstiness", 1, 0.01, 100);
    int cap = load.integer("max_concurrency", MAX_CONCURRENCY, 1, MAX_CONCURRENCY);
    List<CellSpec> levels = new ArrayList<>();
    for (int k = 0; k < steps; k++) {
      double f = steps == 1 ? 0 : (double) k / (steps - 1);
      double level =
          shape.equals("linear") ? from + f * (to - from) : from * Math.pow(to / from, f);
      if (of.equals("concurrency")) {
        int c = (int) Math.max(1, Math.round(level));
        levels.add(new CellSpec("c" + c, 1, 1, c, MAX_REQUESTS, 0, 0, 0, dwell));
      } else {
        int bound = (int) Math.min(MAX_REQUESTS, Math.ceil(level * dwell) + 1);
        levels.add(
            new CellSpec("r" + format(level), 1, 1, cap, bound, 0, level, burstiness, dwell));
      }
    }
    return levels;
  }

  private static String format(double v) {
    return v == Math.rint(v)
        ? Long.toString((long) v)
        : String.format(java.util.Locale.ROOT, "%.3g", v);
  }
}
