package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick run: run-level e2e p99 325.631 ms, 8.367 req/s, no failure; in128-out128-c4 p99 336.383
 * ms.
 */
class GateCommandTest {

  @TempDir Path run;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void reportTheQuickRun() throws IOException {
    QuickRun.copyTo(run);
    assertEquals(
        0,
        Main.run(
            new String[] {"report", run.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            System.err));
  }

  private int gate(String... options) {
    String[] args = new String[options.length + 2];
    args[0] = "gate";
    args[1] = run.toString();
    System.arraycopy(options, 0, args, 2, options.length);
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void passesWithExitZeroWhenEveryLimitIsMet() {
    assertEquals(
        0,
        gate(
            "--p99-ms",
            "400",
            "--min-rps",
            "5",
            "--max-error-rate",
            "0",
            "--p99-ttft-ms",
            "200",
            "--p99-itl-ms",
            "20"));
    assertTrue(output().contains("gate passed: 6 checks"), output());
  }

  @Test
  void failsWithExitThreeNamingTheBrokenLimitAndItsFile() {
    assertEquals(3, gate("--p99-ms", "300", "--min-rps", "5"));
    assertTrue(
        output().contains("FAIL e2e latency p99 ms 325.631 <= 300 (latency_p99.json)"), output());
    assertTrue(output().contains("PASS requests/s 8.367 >= 5"), output());
    assertTrue(output().contains("gate FAILED: 1 of 3 checks"), output());
  }

  @Test
  void checksOneCellsFilesWithCell() {
    assertEquals(3, gate("--p99-ms", "330", "--cell", "in128-out128-c4"));
    assertTrue(
        output()
            .contains(
                "FAIL e2e latency p99 ms 336.383 <= 330 (cells/in128-out128-c4/latency_p99.json)"),
        output());
  }

  @Test
  void anUnknownCellIsAUsageErrorListingTheCells() {
    assertEquals(2, gate("--p99-ms", "300", "--cell", "in1-out1-c1"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("cells: in128-out128-c1, in128-out128-c16"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void noLimitIsAUsageError() {
    assertEquals(2, gate());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no limit given"));
  }

  @Test
  void anErrorRateAboveOneIsAUsageErrorSayingWhatIsAllowed() {
    assertEquals(2, gate("--max-error-rate", "5"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8)
            .contains("--max-error-rate was '5'; allowed: a number from 0 to 1"));
  }

  @Test
  void aRunWithoutContractFilesIsUnreadableWithExitOne() throws IOException {
    Files.delete(run.resolve("latency_p99.json"));
    assertEquals(1, gate("--p99-ms", "300"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("latency_p99.json does not exist"));
  }

  @Test
  void helpDocumentsTheExitCodes() {
    assertEquals(0, gate("--help"));
    assertTrue(output().contains("0 every limit met; 3 a limit broken"), output());
  }

  @Test
  void aValueThatWasNotMeasuredFailsTheGateNamingIt() throws IOException {
    // Without requests.jsonl the numbers come from Gatling's records, which hold no ITL.
    Files.delete(run.resolve("requests.jsonl"));
    assertEquals(
        0,
        Main.run(
            new String[] {"report", run.toString()},
            new PrintStream(new ByteArrayOutputStream()),
            System.err));

    assertEquals(3, gate("--p99-itl-ms", "50"));
    assertTrue(
        output()
            .contains("FAIL ITL p99 ms: no value, nothing was measured (limit <= 50) (itl.json)"),
        output());
  }
}
