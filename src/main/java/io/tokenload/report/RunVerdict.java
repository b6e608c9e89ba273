package io.tokenload.report;

import io.tokenload.workload.RunDefinition.Thresholds;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a run measured what it was asked to, from the numbers of its {@code summary.json}: some
 * request completed, every cell ran to its end, no cell breached a threshold of the run, and no
 * cell failed every request (when {@code max_error_rate} is not set). One check per condition and
 * cell, each PASS or FAIL. The live run turns a failed verdict into a non-zero exit; {@code
 * tokenload report} exits 3 on it.
 *
 * @param pass whether every check passed
 * @param checks every check, run first, then cell by cell in run order; under {@code strict} each
 *     failed validity check too
 * @param validity the validity checks ({@link Validity}) of the run and of each cell
 */
public record RunVerdict(boolean pass, List<Check> checks, List<Validity.Line> validity) {

  /** The verdict on a run whose summary is {@code run} and {@code cells}. */
  static RunVerdict of(
      Thresholds thresholds, Summary.CellSummary run, List<Summary.CellSummary> cells) {
    return of(thresholds, run, cells, List.of());
  }

  /** {@link #of}, with {@code runValidity}, the run's own validity checks (the client's health). */
  static RunVerdict of(
      Thresholds thresholds,
      Summary.CellSummary run,
      List<Summary.CellSummary> cells,
      List<Validity.Line> runValidity) {
    Thresholds t = thresholds == null ? Thresholds.NONE : thresholds;
    List<Check> checks = new ArrayList<>();
    checks.add(Check.of("completed requests", (double) run.completed(), ">", 0, "run"));
    for (Summary.CellSummary cell : cells) {
      checks.addAll(cellChecks(t, cell));
    }
    List<Validity.Line> validity = new ArrayList<>(runValidity);
    cells.forEach(c -> validity.addAll(c.validity()));
    if (t.strict()) {
      validity.stream().filter(Validity.Line::failed).forEach(v -> checks.add(v.asCheck()));
    }
    return new RunVerdict(
        checks.stream().allMatch(Check::pass), List.copyOf(checks), List.copyOf(validity));
  }

  private static List<Check> cellChecks(Thresholds t, Summary.CellSummary cell) {
    List<Check> checks = new ArrayList<>();
    String where = "cell " + cell.name();
    long requests = cell.completed() + cell.failed();
    if (!cell.complete()) {
      checks.add(
          Check.of("requests recorded", (double) requests, ">=", cell.plannedRequests(), where));
    }
    if (requests == 0) {
      // Nothing to judge beyond the missing requests above.
      return checks;
    }
    double errorRate = Contracts.round((double) cell.failed() / requests);
    if (t.maxErrorRate() != null) {
      checks.add(Check.of("error rate", errorRate, "<=", t.maxErrorRate(), where));
    } else {
      checks.add(Check.of("error rate (every request failed?)", errorRate, "<", 1, where));
    }
    Summary.Latency l = cell.latency();
    if (t.p99TtftMs() != null) {
      checks.add(Check.of("TTFT p99 ms", l.ttftMs().p99(), "<=", t.p99TtftMs(), where));
    }
    if (t.p99ItlMs() != null) {
      checks.add(Check.of("ITL p99 ms", l.itlMs().p99(), "<=", t.p99ItlMs(), where));
    }
    if (t.p99E2eMs() != null) {
      checks.add(Check.of("e2e p99 ms", l.e2eMs().p99(), "<=", t.p99E2eMs(), where));
    }
    if (t.minRps() != null) {
      checks.add(Check.of("requests/s", cell.throughput().requestsPerS(), ">=", t.minRps(), where));
    }
    return checks;
  }

  /** The checks that failed. */
  public List<Check> failures() {
    return checks.stream().filter(c -> !c.pass()).toList();
  }

  /**
   * The validity checks that did not pass and a count of all, then one line per check, then the
   * outcome: the lines a run ends with.
   */
  public List<String> lines() {
    List<String> lines = new ArrayList<>();
    if (!validity.isEmpty()) {
      validity.stream()
          .filter(v -> !v.level().equals("PASS"))
          .forEach(v -> lines.add("tokenload: " + v.describe()));
      long warned = validity.stream().filter(v -> v.level().equals("WARN")).count();
      long failed = validity.stream().filter(Validity.Line::failed).count();
      lines.add(
          String.format(
              "tokenload: validity: %d checks, %d passed, %d warned, %d failed%s",
              validity.size(),
              validity.size() - warned - failed,
              warned,
              failed,
              failed > 0 && checks.stream().noneMatch(c -> c.what().startsWith("validity: "))
                  ? " (warnings only; -Dstrict=true makes a failed check fail the run)"
                  : ""));
    }
    checks.forEach(c -> lines.add("tokenload: " + c.describe()));
    lines.add(
        pass
            ? "tokenload: run PASSED: " + checks.size() + " checks"
            : "tokenload: run FAILED: " + failures().size() + " of " + checks.size() + " checks");
    return lines;
  }
}
