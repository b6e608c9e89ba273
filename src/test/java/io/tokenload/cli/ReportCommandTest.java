package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenload report} gives the run's verdict again, as its last lines and its exit code. */
class ReportCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path run;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  @BeforeEach
  void copyTheQuickRun() throws IOException {
    QuickRun.copyTo(run);
  }

  private int report() {
    return Main.run(
        new String[] {"report", run.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        System.err);
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aRunThatMeasuredWhatItWasAskedToExitsZero() {
    assertEquals(0, report(), String.join("\n", lines()));
    assertTrue(lines().get(lines().size() - 1).startsWith("tokenload: run PASSED"));
  }

  @Test
  void aRunThatBreachedAThresholdExitsThreeWithTheFailedCheckLast() throws IOException {
    ObjectNode info = (ObjectNode) JSON.readTree(run.resolve("run.json").toFile());
    info.putObject("thresholds").put("p99ItlMs", 1.0);
    JSON.writeValue(run.resolve("run.json").toFile(), info);

    assertEquals(3, report());

    List<String> lines = lines();
    assertTrue(lines.get(lines.size() - 1).startsWith("tokenload: run FAILED"), lines.toString());
    assertTrue(
        lines.stream().anyMatch(l -> l.startsWith("tokenload: FAIL ITL p99 ms ")),
        lines.toString());
  }
}
