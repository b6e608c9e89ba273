package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.local.LlamaSettings;
import io.tokenload.local.gguf.TinyModel;
import io.tokenload.simulator.EngineModel;
import io.tokenload.simulator.Fault;
import io.tokenload.simulator.TargetSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
  void oneChunkPerWriteByDefaultAndLoopsAsAsked() throws Exception {
    assertEquals(1, settings().chunksPerWrite());
    TargetSettings s = settings("--chunks-per-write", "16", "--loops", "1");
    assertEquals(16, s.chunksPerWrite());
    assertEquals(1, s.eventLoopThreads());
    assertTrue(
        assertThrows(UsageException.class, () -> settings("--chunks-per-write", "0"))
            .getMessage()
            .startsWith("--chunks-per-write"));
  }

  @Test
  void badOptionsSayWhatIsAllowed() {
    assertEquals(
        "--preset was '70b'; allowed: fixed, rehearsal, tiny-fast, 8b-h100",
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
  void llamaCppOptionsReadIntoLlamaSettings(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model, 1);
    CommandLine line =
        ServeCommand.parse(
            new String[] {
              "--engine",
              "llamacpp",
              "--model",
              model.toString(),
              "--port",
              "0",
              "--threads",
              "2",
              "--ctx",
              "512",
              "--parallel",
              "3",
              "--seed",
              "4",
              "--fault",
              "error=0.5"
            });

    TargetSettings server = ServeCommand.settings(line);
    assertEquals(0, server.port());
    assertEquals(4, server.seed());
    assertEquals(1, server.faults().size());
    LlamaSettings llama = LlamaOptions.settings(line);
    assertEquals(model, llama.modelFile());
    assertEquals("tiny", llama.modelName(), "named after the file");
    assertEquals(512, llama.contextTokens());
    assertEquals(2, llama.threads());
    assertEquals(3, llama.parallel());
    assertEquals(TinyModel.nonTextTokenIds(), llama.suppressedTokenIds(), "a tiny model is known");

    CommandLine named =
        ServeCommand.parse(
            new String[] {
              "--engine", "llamacpp", "--model", model.toString(), "--served-model-name", "m"
            });
    assertEquals("m", LlamaOptions.settings(named).modelName());
    assertEquals(2048, LlamaOptions.settings(named).contextTokens());
    assertEquals(1, LlamaOptions.settings(named).parallel());
  }

  @Test
  void aModelFileThatIsMissingOrNotGgufIsNamedWithWhatIsExpected(@TempDir Path dir)
      throws Exception {
    Path missing = dir.resolve("missing.gguf");
    assertEquals(
        "--model "
            + missing
            + " does not exist; expected a llama.cpp model file in GGUF format (tokenload"
            + " write-tiny-model FILE.gguf writes a tiny one to try)",
        llamaError("--model", missing.toString()));
    Path text = Files.writeString(dir.resolve("notes.gguf"), "not a model");
    assertEquals(
        "--model "
            + text
            + " is not a GGUF model file: it starts with 'not ' instead of 'GGUF'; expected a"
            + " llama.cpp model in GGUF format",
        llamaError("--model", text.toString()));
    assertTrue(llamaError("--model", dir.toString()).contains("is not a readable file"));
    assertTrue(
        llamaError().startsWith("--engine llamacpp needs --model FILE.gguf; expected a llama.cpp"));
  }

  @Test
  void optionsOfTheOtherEngineAreRefused() {
    assertEquals(
        "--engine was 'vllm'; allowed: sim, llamacpp",
        assertThrows(UsageException.class, () -> settings("--engine", "vllm")).getMessage());
    assertEquals(
        "--preset applies to --engine sim only; --engine is llamacpp, which generates and times"
            + " the tokens itself",
        assertThrows(
                UsageException.class,
                () -> settings("--engine", "llamacpp", "--preset", "tiny-fast"))
            .getMessage());
    assertTrue(
        assertThrows(
                UsageException.class,
                () -> settings("--engine", "llamacpp", "--write-log", "w.tsv"))
            .getMessage()
            .startsWith("--write-log applies to --engine sim only"));
    assertEquals(
        "--ctx applies to --engine llamacpp only; --engine is sim",
        assertThrows(UsageException.class, () -> settings("--ctx", "512")).getMessage());
    assertEquals(
        "--fault disconnect=0.1: disconnect shapes a simulated answer; with --engine llamacpp only"
            + " error, rate-limit and stall apply",
        assertThrows(
                UsageException.class,
                () -> settings("--engine", "llamacpp", "--fault", "disconnect=0.1"))
            .getMessage());
  }

  @Test
  void mainReportsAMissingModelAsAUsageError(@TempDir Path dir) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String missing = dir.resolve("nope.gguf").toString();
    int code =
        Main.run(
            new String[] {"serve", "--engine", "llamacpp", "--model", missing},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, code);
    assertTrue(
        err.toString(StandardCharsets.UTF_8).contains("--model " + missing + " does not exist"),
        err.toString(StandardCharsets.UTF_8));
  }

  /** The usage error of {@code --engine llamacpp} with {@code args}. */
  private static String llamaError(String... args) throws UsageException {
    String[] all = new String[args.length + 2];
    all[0] = "--engine";
    all[1] = "llamacpp";
    System.arraycopy(args, 0, all, 2, args.length);
    CommandLine line = ServeCommand.parse(all);
    ServeCommand.settings(line);
    return assertThrows(UsageException.class, () -> LlamaOptions.settings(line)).getMessage();
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
