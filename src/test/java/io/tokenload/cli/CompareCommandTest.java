package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Path a;
  private Path b;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void twoReportedCopiesOfTheQuickRun() throws IOException {
    a = QuickRun.copyTo(dir.resolve("a"));
    b = QuickRun.copyTo(dir.resolve("b"));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertEquals(0, Main.run(new String[] {"report", a.toString()}, quiet, System.err));
    assertEquals(0, Main.run(new String[] {"report", b.toString()}, quiet, System.err));
  }

  private int compare(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "compare";
    args[1] = a.toString();
    args[2] = b.toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Multiplies one number of one cell of B's summary.json. */
  private void scaleB(String cell, String group, String field, String sub, double factor)
      throws IOException {
    editB(
        cell,
        c -> {
          ObjectNode target = (ObjectNode) (sub == null ? c.get(group) : c.get(group).get(field));
          String key = sub == null ? field : sub;
          target.put(key, target.get(key).asDouble() * factor);
        });
  }

  /** Whether the output flags {@code metric} of {@code cell}, shown with {@code shown}. */
  private boolean flagged(String cell, String metric, String shown) {
    return output()
        .lines()
        .anyMatch(
            l ->
                l.startsWith(cell)
                    && l.contains(metric)
                    && l.contains(shown)
                    && l.endsWith("REGRESSION"));
  }

  /** Changes one cell of B's summary.json. */
  private void editB(String cell, Consumer<ObjectNode> edit) throws IOException {
    Path file = b.resolve("summary.json");
    ObjectNode summary = (ObjectNode) JSON.readTree(file.toFile());
    for (var c : summary.get("cells")) {
      if (c.get("name").asText().equals(cell)) {
        edit.accept((ObjectNode) c);
      }
    }
    JSON.writeValue(file.toFile(), summary);
  }

  @Test
  void identicalRunsHaveNoRegressionAndExitZero() {
    assertEquals(0, compare());
    assertTrue(output().contains("no regression beyond 5 % in 42 comparisons"), output());
  }

  /**
   * Drops B's confidence intervals: an edited summary value moves without its requests, so its
   * interval would still overlap A's; without intervals the threshold alone judges.
   */
  private void withoutConfidenceInB() throws IOException {
    Path file = b.resolve("summary.json");
    ObjectNode summary = (ObjectNode) JSON.readTree(file.toFile());
    summary.remove("confidence");
    JSON.writeValue(file.toFile(), summary);
  }

  @Test
  void aSlowerTtftWithinTheRunsConfidenceIntervalsIsNoRegression() throws IOException {
    scaleB("in128-out128-c4", "latency", "ttft_ms", "p99", 1.2);

    assertEquals(0, compare());

    assertTrue(output().contains("within noise"), output());
  }

  @Test
  void aSlowerTtftBeyondTheThresholdIsARegressionWithExitThree() throws IOException {
    scaleB("in128-out128-c4", "latency", "ttft_ms", "p99", 1.2);
    withoutConfidenceInB();

    assertEquals(3, compare());

    assertTrue(flagged("in128-out128-c4", "TTFT p99 ms", "+20.0%"), output());
    assertTrue(output().contains("1 regressions beyond 5 %"), output());
  }

  @Test
  void lessThroughputIsARegressionButMoreIsNot() throws IOException {
    scaleB("in256-out64-c16", "throughput", "requests_per_s", null, 0.9);
    scaleB("in256-out64-c4", "throughput", "output_tokens_per_s", null, 1.5);

    assertEquals(3, compare());

    assertTrue(
        output()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("in256-out64-c16")
                        && l.contains("req/s")
                        && l.contains("-10.0%")
                        && l.endsWith("REGRESSION")),
        output());
    assertTrue(
        output()
            .lines()
            .anyMatch(
                l ->
                    l.startsWith("in256-out64-c4")
                        && l.contains("out tok/s")
                        && l.contains("+50.0%")
                        && !l.endsWith("REGRESSION")),
        output());
  }

  @Test
  void theThresholdIsAnOption() throws IOException {
    scaleB("in128-out128-c4", "latency", "ttft_ms", "p99", 1.2);

    assertEquals(0, compare("--threshold-pct", "25"));
  }

  @Test
  void cellsOnlyInOneRunAreListed() throws IOException {
    Path file = b.resolve("summary.json");
    ObjectNode summary = (ObjectNode) JSON.readTree(file.toFile());
    ObjectNode renamed = (ObjectNode) ((ArrayNode) summary.get("cells")).get(0);
    renamed.put("name", "in128-out128-c2");
    JSON.writeValue(file.toFile(), summary);

    assertEquals(0, compare());

    assertTrue(output().contains("only in A: in128-out128-c1"), output());
    assertTrue(output().contains("only in B: in128-out128-c2"), output());
  }

  @Test
  void aRunWithoutSummaryIsUnreadableWithExitOne() throws IOException {
    Files.delete(b.resolve("summary.json"));
    assertEquals(1, compare());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("summary.json does not exist"));
  }

  @Test
  void oneRunIsAUsageError() {
    assertEquals(
        2,
        Main.run(
            new String[] {"compare", a.toString()}, new PrintStream(out), new PrintStream(err)));
  }

  @Test
  void aValueBNoLongerMeasuresIsARegressionShownAsADash() throws IOException {
    // As in a B where every request of the cell failed: its TTFT has no sample, so null.
    editB("in128-out128-c4", c -> ((ObjectNode) c.get("latency").get("ttft_ms")).putNull("p99"));

    assertEquals(3, compare());
    assertTrue(flagged("in128-out128-c4", "TTFT p99 ms", " - "), output());
  }
}
