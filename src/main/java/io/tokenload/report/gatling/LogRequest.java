package io.tokenload.report.gatling;

import java.util.List;

/**
 * One request record of a {@code simulation.log}: what {@code StatsEngine.logResponse} was given,
 * in whole milliseconds (Gatling keeps no finer time).
 *
 * @param groups the group hierarchy, outermost first; empty outside groups
 * @param name the request's name; tokenload's is {@code <cell> e2e} (logs written before the time
 *     to first token became a {@link LogGroup} also hold {@code <cell> ttft} requests)
 * @param startEpochMillis when the request started
 * @param endEpochMillis when it ended (for {@code ttft}: the first token)
 * @param ok Gatling's status: true for OK, false for KO
 * @param message the failure message, empty when there is none
 */
public record LogRequest(
    List<String> groups,
    String name,
    long startEpochMillis,
    long endEpochMillis,
    boolean ok,
    String message) {

  /**
   * Suffix of the record tokenload writes when the first token arrives (or the request fails): a
   * group since the global count was made one per request, a request in older logs.
   */
  public static final String TTFT_SUFFIX = " ttft";

  /** Suffix of the record tokenload writes when the stream ends. */
  public static final String E2E_SUFFIX = " e2e";

  /** Gatling's response time: end minus start, in milliseconds. */
  public long durationMillis() {
    return endEpochMillis - startEpochMillis;
  }

  /** True for a tokenload {@code <cell> ttft} request record (an older log's). */
  public boolean isTtft() {
    return isTtftName(name);
  }

  /** True for a tokenload {@code <cell> e2e} record. */
  public boolean isE2e() {
    return isE2eName(name);
  }

  /** The cell of a tokenload record ({@code in128-out128-c4}), or null for any other name. */
  public String cell() {
    return cellOf(name);
  }

  static boolean isTtftName(String name) {
    return name.endsWith(TTFT_SUFFIX) && name.length() > TTFT_SUFFIX.length();
  }

  static boolean isE2eName(String name) {
    return name.endsWith(E2E_SUFFIX) && name.length() > E2E_SUFFIX.length();
  }

  /** The cell of a tokenload record's or group's name, or null for any other name. */
  static String cellOf(String name) {
    if (isTtftName(name)) {
      return name.substring(0, name.length() - TTFT_SUFFIX.length());
    }
    return isE2eName(name) ? name.substring(0, name.length() - E2E_SUFFIX.length()) : null;
  }
}
