package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.simulator.FaultRate;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's exit code tells the truth, in a Gatling JVM of its own as {@code mvn gatling:test} runs
 * it: non-zero when a threshold is breached or every request failed, with the PASS/FAIL lines
 * printed last, after Gatling's own output.
 */
class ExitCodeTest {

  /** Gatling's exit code when an assertion fails; the Maven plugin fails the build on it. */
  private static final int ASSERTIONS_FAILED = 2;

  @TempDir Path dir;

  private Process run(Map<String, String> props) throws Exception {
    Map<String, String> all = new java.util.HashMap<>(props);
    all.put("reports.dir", dir.resolve("reports").toString());
    all.put("requests", "4");
    all.put("concurrency", "2");
    all.put("warmup.requests", "0");
    all.put("output.tokens", "8");
    Process p =
        GatlingProcess.start(
            "ChatStreamSimulation", all, dir.resolve("results"), dir.resolve("gatling.log"));
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not end in 2 minutes");
    return p;
  }

  private List<String> output() throws Exception {
    return Files.readAllLines(dir.resolve("gatling.log"));
  }

  /**
   * tokenload's last line, which must come after Gatling's own output (its assertion's line); the
   * JVM may still print a warning of its own after it.
   */
  private String last() throws Exception {
    List<String> lines = output();
    int gatling = -1;
    int ours = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("tokenload verdict: count of failed events")) {
        gatling = i;
      }
      if (lines.get(i).startsWith("tokenload: ")) {
        ours = i;
      }
    }
    assertTrue(gatling >= 0 && ours > gatling, "verdict lines after Gatling's:\n" + lines);
    return lines.get(ours);
  }

  @Test
  void aRunThatBreachesAThresholdGatlingHasNoRecordOfExitsNonZero() throws Exception {
    Process p = run(Map.of("target.itl.ms", "10", "p99.itl.ms", "1"));

    assertEquals(ASSERTIONS_FAILED, p.exitValue(), String.join("\n", output()));
    assertEquals("tokenload: run FAILED: 1 of 3 checks", last());
    assertTrue(
        output().stream().anyMatch(l -> l.startsWith("tokenload: FAIL ITL p99 ms ")),
        String.join("\n", output()));
  }

  @Test
  void aRunThatMeetsItsThresholdsExitsZero() throws Exception {
    Process p = run(Map.of("p99.itl.ms", "1000", "max.error.rate", "0"));

    assertEquals(0, p.exitValue(), String.join("\n", output()));
    // Completed requests, the cell's error rate (<= 0) and its ITL p99.
    assertEquals("tokenload: run PASSED: 3 checks", last());
  }

  @Test
  void aRunWhoseEveryRequestFailedExitsNonZero() throws Exception {
    TargetSettings failing =
        TargetSettings.defaults().withFaults(List.of(FaultRate.parse("error=1")));
    try (TargetServer server = TargetServer.start(failing)) {
      Process p = run(Map.of("base.url", server.baseUri().toString(), "template.probe", "false"));

      assertEquals(ASSERTIONS_FAILED, p.exitValue(), String.join("\n", output()));
      assertTrue(
          output().contains("tokenload: FAIL completed requests 0 > 0 (run)"),
          String.join("\n", output()));
      assertTrue(last().startsWith("tokenload: run FAILED"), last());
    }
  }
}
