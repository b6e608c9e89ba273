package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * One limit checked against one measured value, for {@code tokenload gate} and for a run's own
 * verdict. A value that was not measured (no sample) is null and fails: a limit cannot be met by
 * nothing.
 *
 * @param what the quantity and its unit, such as {@code TTFT p99 ms}
 * @param actual the measured value, or null when nothing was measured
 * @param comparison how {@code actual} must relate to {@code limit}: {@code <=}, {@code >=}, {@code
 *     <} or {@code >}
 * @param limit the limit
 * @param pass whether the limit is met
 * @param where the file or cell the value came from
 */
public record Check(
    String what, Double actual, String comparison, double limit, boolean pass, String where) {

  /** A check of {@code actual} against {@code limit}; a null {@code actual} fails. */
  static Check of(String what, Double actual, String comparison, double limit, String where) {
    return new Check(what, actual, comparison, limit, meets(actual, comparison, limit), where);
  }

  private static boolean meets(Double actual, String comparison, double limit) {
    if (actual == null) {
      return false;
    }
    return switch (comparison) {
      case "<=" -> actual <= limit;
      case ">=" -> actual >= limit;
      case "<" -> actual < limit;
      case ">" -> actual > limit;
      default -> throw new IllegalArgumentException("unknown comparison " + comparison);
    };
  }

  /** {@code PASS}, or {@code FAIL}, as the first word of {@link #describe()}. */
  @JsonProperty("result")
  public String result() {
    return pass ? "PASS" : "FAIL";
  }

  /** One line: {@code FAIL TTFT p99 ms 325.631 <= 300 (cells/in128-out128-c4/ttft.json)}. */
  public String describe() {
    if (actual == null) {
      return String.format(
          Locale.ROOT,
          "%s %s: no value, nothing was measured (limit %s %s) (%s)",
          result(),
          what,
          comparison,
          number(limit),
          where);
    }
    return String.format(
        Locale.ROOT,
        "%s %s %s %s %s (%s)",
        result(),
        what,
        number(actual),
        comparison,
        number(limit),
        where);
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }
}
