package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A CI gate on a run's contract files: each limit set is checked against the file that carries it
 * ({@code latency_p99.json}, {@code throughput_rps.json}, {@code ttft.json}, {@code itl.json}), for
 * the whole run or one cell ({@code cells/<cell>/}). Reads files only; prints nothing.
 */
public final class Gate {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Gate() {}

  /**
   * The limits; a null one is not checked.
   *
   * @param p99Ms end-to-end latency p99 at most this (latency_p99.json {@code p99_ms})
   * @param minRps completed requests per second at least this (throughput_rps.json {@code rps})
   * @param maxErrorRate failed share of requests at most this, 0 to 1 (throughput_rps.json)
   * @param p99TtftMs time to first token p99 at most this (ttft.json)
   * @param p99ItlMs inter-token latency p99 at most this (itl.json)
   */
  public record Limits(
      Double p99Ms, Double minRps, Double maxErrorRate, Double p99TtftMs, Double p99ItlMs) {

    public boolean any() {
      return p99Ms != null
          || minRps != null
          || maxErrorRate != null
          || p99TtftMs != null
          || p99ItlMs != null;
    }
  }

  /** One limit's outcome, with the file its value came from. */
  public record Check(
      String what, double actual, String comparison, double limit, boolean pass, String file) {

    public String describe() {
      return String.format(
          Locale.ROOT,
          "%s %s %s %s %s (%s)",
          pass ? "PASS" : "FAIL",
          what,
          number(actual),
          comparison,
          number(limit),
          file);
    }
  }

  /** Every check made; the gate passes when all pass. */
  public record Verdict(String scope, List<Check> checks) {

    public boolean pass() {
      return checks.stream().allMatch(Check::pass);
    }

    public long failures() {
      return checks.stream().filter(c -> !c.pass()).count();
    }
  }

  /** A cell that the run does not have: the message lists those it has. */
  public static final class UnknownCellException extends Exception {
    private static final long serialVersionUID = 1L;

    UnknownCellException(String message) {
      super(message);
    }
  }

  /** Checks {@code limits} against the run's files, or {@code cell}'s when it is not null. */
  public static Verdict check(Path runDir, Limits limits, String cell)
      throws IOException, UnknownCellException {
    Path dir = runDir;
    String scope = "run " + runDir;
    if (cell != null) {
      dir = Outputs.cellDir(runDir, cell);
      if (!Files.isDirectory(dir)) {
        throw new UnknownCellException(
            "cell '"
                + cell
                + "' is not in "
                + runDir
                + "; cells: "
                + String.join(", ", cells(runDir)));
      }
      scope = "cell " + cell + " of " + runDir;
    }
    List<Check> checks = new ArrayList<>();
    JsonNode throughput = read(dir.resolve(RunReport.THROUGHPUT_FILE));
    long completed =
        field(throughput, "completed", dir.resolve(RunReport.THROUGHPUT_FILE)).asLong();
    long failed = field(throughput, "failed", dir.resolve(RunReport.THROUGHPUT_FILE)).asLong();
    String throughputFile = rel(runDir, dir.resolve(RunReport.THROUGHPUT_FILE));
    checks.add(new Check("completed requests", completed, ">", 0, completed > 0, throughputFile));
    if (limits.p99Ms() != null) {
      checks.add(
          atMost(
              "e2e latency p99 ms",
              runDir,
              dir.resolve(RunReport.LATENCY_FILE),
              "p99_ms",
              limits.p99Ms()));
    }
    if (limits.p99TtftMs() != null) {
      checks.add(
          atMost(
              "TTFT p99 ms", runDir, dir.resolve(Outputs.TTFT_FILE), "p99_ms", limits.p99TtftMs()));
    }
    if (limits.p99ItlMs() != null) {
      checks.add(
          atMost("ITL p99 ms", runDir, dir.resolve(Outputs.ITL_FILE), "p99_ms", limits.p99ItlMs()));
    }
    if (limits.minRps() != null) {
      double rps = field(throughput, "rps", dir.resolve(RunReport.THROUGHPUT_FILE)).asDouble();
      checks.add(
          new Check(
              "requests/s", rps, ">=", limits.minRps(), rps >= limits.minRps(), throughputFile));
    }
    if (limits.maxErrorRate() != null) {
      double rate = completed + failed == 0 ? 0 : (double) failed / (completed + failed);
      checks.add(
          new Check(
              "error rate",
              Contracts.round(rate),
              "<=",
              limits.maxErrorRate(),
              rate <= limits.maxErrorRate(),
              throughputFile));
    }
    return new Verdict(scope, List.copyOf(checks));
  }

  private static Check atMost(String what, Path runDir, Path file, String field, double limit)
      throws IOException {
    double actual = field(read(file), field, file).asDouble();
    return new Check(what, actual, "<=", limit, actual <= limit, rel(runDir, file));
  }

  static JsonNode read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + " does not exist: run `tokenload report "
              + file.getParent()
              + "` first, or check the run folder");
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(
          file + " is not readable JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
  }

  private static JsonNode field(JsonNode node, String name, Path file) throws IOException {
    JsonNode v = node.get(name);
    if (v == null || !v.isNumber()) {
      throw new IOException(file + " has no number '" + name + "'");
    }
    return v;
  }

  private static List<String> cells(Path runDir) throws IOException {
    Path cells = runDir.resolve(Outputs.CELLS_DIR);
    if (!Files.isDirectory(cells)) {
      return List.of("(none: no cells/ folder; run `tokenload report` first)");
    }
    try (var list = Files.list(cells)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static String rel(Path runDir, Path file) {
    return runDir.relativize(file).toString();
  }

  static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Long.toString((long) v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "");
  }
}
