package io.tokenload.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks indicator contracts against {@link Thresholds}: one line per limit and contract, {@code
 * PASS} or {@code FAIL}. A limit fails when its field is out of bounds, missing, null or not a
 * number, and when no contract of its indicator was found (an indicator that was not measured
 * cannot pass); a folder with no contract at all fails.
 */
public final class IndicatorGate {

  /**
   * @param lines one {@code PASS}/{@code FAIL} line per check
   * @param failures how many failed
   */
  public record Verdict(List<String> lines, int failures) {

    public Verdict {
      lines = List.copyOf(lines);
    }

    public boolean pass() {
      return failures == 0 && !lines.isEmpty();
    }
  }

  private IndicatorGate() {}

  /** Checks the contracts in {@code path}, a folder or a merged report. */
  public static Verdict check(Path path, Thresholds thresholds) {
    return check(IndicatorFiles.read(path), thresholds, path);
  }

  static Verdict check(List<IndicatorFiles.Found> found, Thresholds thresholds, Path where) {
    List<String> lines = new ArrayList<>();
    int failures = 0;
    if (found.isEmpty()) {
      lines.add("FAIL no indicator contract in " + where);
      return new Verdict(lines, 1);
    }
    for (Thresholds.Limit limit : thresholds.limits()) {
      boolean seen = false;
      for (IndicatorFiles.Found f : found) {
        if (!f.indicator().equals(limit.indicator())) {
          continue;
        }
        seen = true;
        String line = line(limit, f);
        lines.add(line);
        failures += line.startsWith("FAIL") ? 1 : 0;
      }
      if (!seen) {
        lines.add(
            "FAIL "
                + limit.indicator()
                + "."
                + limit.field()
                + " "
                + limit.describe()
                + ": no "
                + limit.indicator()
                + " contract in "
                + where);
        failures++;
      }
    }
    return new Verdict(lines, failures);
  }

  private static String line(Thresholds.Limit limit, IndicatorFiles.Found f) {
    JsonNode value = f.contract().get(limit.field());
    String name = limit.indicator() + "." + limit.field();
    if (value == null || !value.isNumber()) {
      return "FAIL "
          + name
          + " is "
          + (value == null ? "missing" : value.toString())
          + ", must be "
          + limit.describe()
          + " ("
          + f.file()
          + ")";
    }
    double v = value.doubleValue();
    return (limit.allows(v) ? "PASS " : "FAIL ")
        + name
        + " = "
        + Thresholds.plain(v)
        + ", must be "
        + limit.describe()
        + " ("
        + f.file()
        + ")";
  }
}
