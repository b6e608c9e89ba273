package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenload replay} of the shipped trace against the embedded target. */
class ReplayCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int replay(String... args) {
    String[] all = Stream.concat(Stream.of("replay"), Stream.of(args)).toArray(String[]::new);
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void replaysOnTheTracesScheduleWithExactLengthsAndReportsSendLag(@TempDir Path dir)
      throws Exception {
    assertEquals(
        0,
        replay(
            "--trace", "data/traces/mooncake-sample.jsonl",
            "--speed", "4",
            "--limit", "12",
            "--out", dir.toString()),
        err.toString(StandardCharsets.UTF_8));
    Path run;
    try (Stream<Path> s = Files.list(dir)) {
      run = s.findFirst().orElseThrow();
    }
    JsonNode summary =
        new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("run");
    assertEquals(12, summary.path("completed").asLong());
    assertEquals(12, summary.path("tokens").path("input_lengths").path("exact").asLong());
    assertEquals(12, summary.path("client").path("send_lag_ms").path("count").asLong());
    String console = out.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("send lag against the trace's schedule p50"), console);
  }

  @Test
  void aRunAtARealServerWithoutItsTokenizerSaysSo(@TempDir Path dir) throws Exception {
    try (TargetServer server = TargetServer.start(TargetSettings.defaults())) {
      String url = server.baseUri().toString();
      assertEquals(
          0,
          replay(
              "--trace", "data/traces/mooncake-sample.jsonl",
              "--speed", "8",
              "--limit", "4",
              "--url", url,
              "--out", dir.toString()),
          err.toString(StandardCharsets.UTF_8));
    }
    Path run;
    try (Stream<Path> s = Files.list(dir)) {
      run = s.findFirst().orElseThrow();
    }
    JsonNode notes =
        new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("notes");
    boolean said = false;
    for (JsonNode n : notes) {
      said |= n.asText().contains("words tokenizer, not");
    }
    assertTrue(said, notes.toString());
  }

  @Test
  void aTraceLineOutOfOrderIsOneLineNamingTheFileAndLine(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("t.jsonl");
    Files.writeString(
        trace,
        "{\"timestamp\":9,\"input_length\":3,\"output_length\":2,\"hash_ids\":[1]}\n"
            + "{\"timestamp\":2,\"input_length\":3,\"output_length\":2,\"hash_ids\":[1]}\n");
    assertEquals(2, replay("--trace", trace.toString(), "--out", dir.toString()));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.startsWith("tokenload replay: --trace " + trace + ":2: timestamp 2"), text);
  }
}
