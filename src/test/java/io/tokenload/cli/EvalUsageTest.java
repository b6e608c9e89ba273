package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code eval} and {@code gate --indicators}: one line naming the flag, file and line
 * or field, exit 2, before any request.
 */
class EvalUsageTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void anUnknownIndicatorIsOneLineNamingTheFlagAndTheAllowedOnes() {
    assertEquals(
        2,
        run("eval", "--indicator", "bleu", "--out", "x.json", "--base-url", "http://127.0.0.1:1"));
    assertTrue(
        err()
            .startsWith(
                "tokenload eval: --indicator was 'bleu'; allowed: accuracy_f1, robustness_adv,"
                    + " toxicity, latency_p99, throughput_rps\n"),
        err());
  }

  @Test
  void aDatasetLineWithoutAnswersStopsBeforeAnyRequestNamingFileAndLine() throws Exception {
    Path data =
        Files.writeString(
            dir.resolve("qa.jsonl"),
            "{\"prompt\":\"a\",\"answers\":[\"b\"]}\n{\"prompt\":\"q\"}\n");
    assertEquals(
        2,
        run(
            "eval",
            "--indicator",
            "accuracy_f1",
            "--base-url",
            "http://127.0.0.1:1",
            "--model",
            "m",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("a.json").toString()));
    assertTrue(err().contains(data + " line 2: field \"answers\" is missing"), err());
  }

  @Test
  void anUnreadableThresholdsFileIsAUsageErrorNamingIt() throws Exception {
    Files.writeString(dir.resolve("a.json"), "{\"indicator\":\"accuracy_f1\",\"f1\":0.9}");
    Path thresholds = dir.resolve("nope.json");
    assertEquals(
        2, run("gate", "--indicators", dir.toString(), "--thresholds", thresholds.toString()));
    assertTrue(
        err().startsWith("tokenload gate: thresholds file " + thresholds + " cannot be read"),
        err());
  }

  @Test
  void anUnknownBackendListsTheAllowedOnes() {
    assertEquals(
        2,
        run(
            "eval",
            "--indicator",
            "latency_p99",
            "--base-url",
            "http://127.0.0.1:1",
            "--model",
            "m",
            "--out",
            "x.json",
            "--backend",
            "anthropic",
            "--dry-run"));
    assertTrue(
        err().contains("--backend was 'anthropic'; allowed: openai-chat, openai-completions"),
        err());
  }

  @Test
  void aDryRunChecksTheArgumentsAndSendsNothing() {
    assertEquals(
        0,
        run(
            "eval",
            "--indicator",
            "accuracy_f1",
            "--base-url",
            "http://127.0.0.1:1/v1/chat/completions",
            "--model",
            "m",
            "--data",
            "/mnt/data/val.jsonl",
            "--out",
            "/mnt/out/accuracy_f1.json",
            "--dry-run"));
  }
}
