package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.workload.CellSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether a cell's numbers can be trusted, check by check, each PASS, WARN or FAIL: how late the
 * client sent against its schedule, whether it kept the scheduled arrival rate, whether the server
 * gave the asked lengths, how many tokens a chunk carried (ITL is spread over a chunk's tokens),
 * in-band stream errors and failed requests. A failed check warns; with {@code strict} ({@code
 * -Dstrict=true} or the definition's {@code thresholds.strict}) it fails the run ({@link
 * RunVerdict}). Limits: {@code docs/reports.md}, "Validity".
 */
public final class Validity {

  private Validity() {}

  /**
   * One check.
   *
   * @param level PASS, WARN or FAIL
   * @param actual the measured value, null when it could not be measured (then PASS: not
   *     applicable)
   * @param comparison how {@code actual} must relate to the limits, {@code <=} or {@code >=}
   * @param warnAt the limit past which it warns
   * @param failAt the limit past which it fails, null when it only warns
   */
  public record Line(
      String level,
      String what,
      Double actual,
      String comparison,
      @JsonProperty("warn_at") double warnAt,
      @JsonProperty("fail_at") Double failAt,
      String where) {

    static Line of(
        String what, Double actual, String comparison, double warn, Double fail, String where) {
      String level = "PASS";
      if (actual != null) {
        if (fail != null && !Check.of(what, actual, comparison, fail, where).pass()) {
          level = "FAIL";
        } else if (!Check.of(what, actual, comparison, warn, where).pass()) {
          level = "WARN";
        }
      }
      return new Line(level, what, actual, comparison, warn, fail, where);
    }

    @JsonIgnore
    boolean failed() {
      return level.equals("FAIL");
    }

    /** As a check of the verdict: it fails when this line does. */
    Check asCheck() {
      return new Check(
          "validity: " + what, actual, comparison, failAt == null ? 0 : failAt, !failed(), where);
    }

    /** {@code WARN send lag p99 ms 3.2 (warn past <= 1, fail past <= 10) (cell x)}. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "%s validity: %s %s (pass %s %s, %s) (%s)",
          level,
          what,
          actual == null ? "n/a" : Check.number(actual),
          comparison,
          Check.number(warnAt),
          failAt == null ? "only warns" : "fail past " + Check.number(failAt),
          where);
    }
  }

  /** The checks of one cell; {@code spec} is null for a cell the run did not plan. */
  static List<Line> of(CellSpec spec, CellStats s, Summary.CellSummary cell) {
    String where = "cell " + cell.name();
    List<Line> lines = new ArrayList<>();
    long requests = s.completed + s.failed;
    if (requests == 0) {
      return lines;
    }
    lines.add(Line.of("send lag p99 ms", cell.client().sendLagMs().p99(), "<=", 1, 10.0, where));
    if (spec != null && spec.ratePerSecond() > 0 && requests > 2) {
      lines.add(
          Line.of("achieved/scheduled arrival rate", arrivalRatio(s), ">=", 0.95, 0.8, where));
    }
    lines.add(
        Line.of(
            "input lengths off share",
            offShare(cell.tokens().inputLengths()),
            "<=",
            0,
            0.01,
            where));
    lines.add(
        Line.of(
            "output lengths off share (stopped early)",
            offShare(cell.tokens().outputLengths()),
            "<=",
            0,
            0.01,
            where));
    lines.add(
        Line.of("tokens per chunk mean", tokensPerChunk(s.tokensPerChunk), "<=", 1.5, 8.0, where));
    lines.add(
        Line.of("in-band stream errors", (double) inBand(s.errors.counts()), "<=", 0, 0.0, where));
    lines.add(
        Line.of(
            "failed share", Contracts.round((double) s.failed / requests), "<=", 0, 0.01, where));
    return lines;
  }

  /** The run's client health (its event loops' lateness): at most a warning, see docs. */
  static List<Line> client(ClientHealth health) {
    if (health == null) {
      return List.of();
    }
    Line lag =
        Line.of("client loop lag p99 ms", health.eventLoopLagMs().p99(), "<=", 1, null, "run");
    if (health.cpuStolenShare() == null) {
      return List.of(lag);
    }
    Line stolen =
        Line.of(
            "CPU share the host took",
            health.cpuStolenShare(),
            "<=",
            ClientHealth.STOLEN_SHARE_LIMIT,
            null,
            "run");
    return List.of(lag, stolen);
  }

  /** Achieved arrivals per second over scheduled ones, from first to last send. */
  private static Double arrivalRatio(CellStats s) {
    double sent = s.lastSentNanos - s.firstSentNanos;
    double intended = s.lastIntendedNanos - s.firstIntendedNanos;
    return sent <= 0 || intended <= 0 ? null : Contracts.round(intended / sent);
  }

  private static Double offShare(io.tokenload.metrics.LengthTally.Tally t) {
    return t.checked() == 0 ? null : Contracts.round((double) t.mismatched() / t.checked());
  }

  private static Double tokensPerChunk(Map<Integer, Long> byTokens) {
    long chunks = 0;
    long tokens = 0;
    for (Map.Entry<Integer, Long> e : byTokens.entrySet()) {
      chunks += e.getValue();
      tokens += (long) e.getKey() * e.getValue();
    }
    return chunks == 0 ? null : Contracts.round((double) tokens / chunks);
  }

  private static long inBand(Map<String, Long> errors) {
    return errors.entrySet().stream()
        .filter(e -> e.getKey().startsWith("stream error"))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }
}
