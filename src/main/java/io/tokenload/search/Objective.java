package io.tokenload.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service-level objective of a search, such as {@code ttft_p99_ms<=500}: a statistic of a
 * probe's cell in {@code summary.json} and the most it may be.
 *
 * @param metric {@code ttft}, {@code itl}, {@code tpot} or {@code e2e} with a percentile ({@code
 *     ttft_p99_ms}), or {@code error_rate}
 * @param limit the largest value that meets the objective
 */
public record Objective(String metric, double limit) {

  /** What {@code --slo} takes, as a message says it. */
  public static final String ALLOWED =
      "comma-separated METRIC<=LIMIT, METRIC one of ttft, itl, tpot, e2e with _p50, _p90 or _p99"
          + " and _ms, or error_rate (0..1), such as ttft_p99_ms<=500,itl_p99_ms<=50";

  private static final Pattern ONE =
      Pattern.compile("\\s*([a-z0-9_]+)\\s*<=\\s*([0-9]+(?:\\.[0-9]+)?)\\s*");
  private static final Pattern LATENCY = Pattern.compile("(ttft|itl|tpot|e2e)_(p50|p90|p99)_ms");

  /**
   * Parses {@code raw} as typed after {@code flag}.
   *
   * @throws IllegalArgumentException one line naming the flag, the part that did not parse and what
   *     is allowed
   */
  public static List<Objective> parseAll(String raw, String flag) {
    List<Objective> out = new ArrayList<>();
    if (raw == null || raw.isBlank()) {
      throw new IllegalArgumentException(flag + " is empty; allowed: " + ALLOWED);
    }
    for (String part : raw.split(",", -1)) {
      Matcher m = ONE.matcher(part.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        throw new IllegalArgumentException(
            flag + " " + raw + " does not parse at '" + part.strip() + "'; allowed: " + ALLOWED);
      }
      String metric = m.group(1);
      if (!metric.equals("error_rate") && !LATENCY.matcher(metric).matches()) {
        throw new IllegalArgumentException(
            flag + " " + raw + ": '" + metric + "' is not a metric; allowed: " + ALLOWED);
      }
      double limit = Double.parseDouble(m.group(2));
      if (metric.equals("error_rate") && limit > 1) {
        throw new IllegalArgumentException(
            flag + " " + raw + ": error_rate is a share from 0 to 1, such as error_rate<=0.01");
      }
      out.add(new Objective(metric, limit));
    }
    return List.copyOf(out);
  }

  /**
   * This objective's statistic in a cell of {@code summary.json}, or null when nothing was measured
   * (which never meets an objective).
   */
  public Double valueIn(JsonNode cell) {
    if (metric.equals("error_rate")) {
      long completed = cell.path("completed").asLong();
      long failed = cell.path("failed").asLong();
      return completed + failed == 0 ? null : (double) failed / (completed + failed);
    }
    String[] parts = metric.split("_");
    JsonNode v = cell.path("latency").path(parts[0] + "_ms").path(parts[1]);
    return v.isNumber() ? v.asDouble() : null;
  }

  @Override
  public String toString() {
    return metric + "<=" + (limit == Math.rint(limit) ? Long.toString((long) limit) : limit);
  }
}
