package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
    Path throughputPath = dir.resolve(RunReport.THROUGHPUT_FILE);
    long completed = number(throughput, "completed", throughputPath).longValue();
    long failed = number(throughput, "failed", throughputPath).longValue();
    String throughputFile = rel(runDir, throughputPath);
    checks.add(Check.of("completed requests", (double) completed, ">", 0, throughputFile));
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
      checks.add(
          Check.of(
              "requests/s",
              number(throughput, "rps", throughputPath),
              ">=",
              limits.minRps(),
              throughputFile));
    }
    if (limits.maxErrorRate() != null) {
      Double rate =
          completed + failed == 0 ? null : Contracts.round((double) failed / (completed + failed));
      checks.add(Check.of("error rate", rate, "<=", limits.maxErrorRate(), throughputFile));
    }
    return new Verdict(scope, List.copyOf(checks));
  }

  private static Check atMost(String what, Path runDir, Path file, String field, double limit)
      throws IOException {
    return Check.of(what, number(read(file), field, file), "<=", limit, rel(runDir, file));
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

  /**
   * The number {@code name} of {@code node}; null when the file says {@code null}, which is how a
   * contract file says that nothing was measured (the check then fails, naming the value).
   */
  private static Double number(JsonNode node, String name, Path file) throws IOException {
    JsonNode v = node.get(name);
    if (v != null && v.isNull()) {
      return null;
    }
    if (v == null || !v.isNumber()) {
      throw new IOException(file + " has no number '" + name + "'");
    }
    return v.asDouble();
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
}
