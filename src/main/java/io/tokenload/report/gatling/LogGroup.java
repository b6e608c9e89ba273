package io.tokenload.report.gatling;

import java.util.List;

/**
 * One group record of a {@code simulation.log}: what {@code StatsEngine.logGroupEnd} was given, in
 * whole milliseconds. Gatling keeps groups out of its global request statistics; tokenload writes
 * each request's time to first token as a group of its own ({@code <cell> ttft}, holding no
 * request), so the global count is one per request.
 *
 * @param groups the group hierarchy, outermost first; the last is this group's own name
 * @param startEpochMillis when the group started (for {@code ttft}: the request was sent)
 * @param endEpochMillis when it ended (for {@code ttft}: the first token, or the failure)
 * @param cumulatedMillis Gatling's cumulated response time (for {@code ttft}: the time to first
 *     token, as its duration)
 * @param ok Gatling's status: true for OK, false for KO
 */
public record LogGroup(
    List<String> groups,
    long startEpochMillis,
    long endEpochMillis,
    int cumulatedMillis,
    boolean ok) {

  /** This group's own name: the innermost of {@link #groups}. */
  public String name() {
    return groups.isEmpty() ? "" : groups.get(groups.size() - 1);
  }

  /** Gatling's group duration: end minus start, in milliseconds. */
  public long durationMillis() {
    return endEpochMillis - startEpochMillis;
  }

  /** True for a tokenload {@code <cell> ttft} group. */
  public boolean isTtft() {
    return LogRequest.isTtftName(name());
  }

  /** The cell of a tokenload {@code ttft} group, or null for any other group. */
  public String cell() {
    return isTtft() ? LogRequest.cellOf(name()) : null;
  }
}
