package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.simulator.EngineModel;
import io.tokenload.simulator.Fault;
import io.tokenload.simulator.TargetSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code tokenload serve}'s options, read into settings without starting a server. */
class ServeCommandTest {

  private static TargetSettings settings(String... args) throws UsageException {
    return ServeCommand.settings(ServeCommand.parse(args));
  }

  @Test
  void defaultsAreTheFixedPresetOnLoopbackPort8001() throws Exception {
    TargetSettings s = settings();
    assertEquals("127.0.0.1", s.host());
    assertEquals(8001, s.port());
    assertEquals("fixed", s.preset());
    assertEquals(Duration.ofMillis(100), s.timeToFirstToken());
    assertEquals(Duration.ofMillis(10), s.interTokenLatency());
  }

  @Test
  void presetSeedFaultsAndReasoning() throws Exception {
    TargetSettings s =
        settings(
            "--preset", "8b-h100",
            "--seed", "7",
            "--fault", "error=0.01",
            "--fault", "disconnect;after=3=2%",
            "--reasoning-tokens", "32");
    assertEquals(EngineModel.H100_8B, s.engine());
    assertEquals(7, s.seed());
    assertEquals(32, s.reasoningTokens());
    assertEquals(2, s.faults().size());
    assertEquals(Fault.Kind.DISCONNECT, s.faults().get(1).fault().kind());
    assertEquals(0.02, s.faults().get(1).probability(), 1e-12);
  }

  @Test
  void badOptionsSayWhatIsAllowed() {
    assertEquals(
        "--preset was '70b'; allowed: fixed, tiny-fast, 8b-h100",
        assertThrows(UsageException.class, () -> settings("--preset", "70b")).getMessage());
    assertEquals(
        "--ttft-ms applies to the fixed preset only; --preset is tiny-fast",
        assertThrows(
                UsageException.class, () -> settings("--preset", "tiny-fast", "--ttft-ms", "5"))
            .getMessage());
    String fault =
        assertThrows(UsageException.class, () -> settings("--fault", "explode=0.1")).getMessage();
    assertTrue(fault.startsWith("--fault: fault 'explode' names the kind 'explode'"), fault);
    String sum =
        assertThrows(
                UsageException.class,
                () -> settings("--fault", "error=0.7", "--fault", "stall=0.7"))
            .getMessage();
    assertTrue(sum.contains("the sum must be at most 1"), sum);
    assertTrue(
        assertThrows(UsageException.class, () -> settings("--seed", "x"))
            .getMessage()
            .startsWith("--seed was 'x'"));
  }

  @Test
  void mainReportsABadPresetAsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new String[] {"serve", "--preset", "nope"},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--preset was 'nope'"));
  }
}
