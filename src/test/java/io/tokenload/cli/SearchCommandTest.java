package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenload search} against the embedded target's 8b-h100 engine, with small probes. */
class SearchCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int search(String... args) {
    String[] all = Stream.concat(Stream.of("search"), Stream.of(args)).toArray(String[]::new);
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void findsAConcurrencyWhoseReRunMeetsTheSloAndWhoseNextProbeDoesNot(@TempDir Path dir)
      throws Exception {
    int code =
        search(
            "--search", "max-concurrency",
            "--slo", "ttft_p99_ms<=200",
            "--preset", "8b-h100",
            "--input-tokens", "64",
            "--output-tokens", "8",
            "--probe-requests", "8",
            "--requests-per-user", "1",
            "--max", "128",
            "--out", dir.toString());
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    Path folder;
    try (Stream<Path> s = Files.list(dir)) {
      folder = s.findFirst().orElseThrow();
    }
    JsonNode result = new ObjectMapper().readTree(folder.resolve("search.json").toFile());
    double answer = result.path("answer").asDouble();
    double next = result.path("next_probe").asDouble();
    assertEquals(answer + 1, next, result.toString());
    JsonNode probes = result.path("probes");
    JsonNode last = probes.get(probes.size() - 1);
    assertEquals(answer, last.path("level").asDouble(), "the answer is re-run last");
    assertTrue(last.path("met").asBoolean(), last.toString());
    boolean nextBroke = false;
    for (JsonNode p : probes) {
      if (p.path("level").asDouble() == next) {
        nextBroke = !p.path("met").asBoolean();
      }
    }
    assertTrue(nextBroke, "the probe above the answer broke the SLO: " + probes);
    assertNotNull(result.path("first_broken").textValue());
    assertTrue(Files.readString(folder.resolve("search.html")).contains("<svg"));
    String console = out.toString(StandardCharsets.UTF_8);
    assertTrue(console.contains("answer: " + (long) answer + " concurrent meets"), console);
  }

  @Test
  void anSloThatDoesNotParseIsOneLineNamingTheFlag() {
    assertEquals(2, search("--search", "max-concurrency", "--slo", "ttft_p99<500"));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.startsWith("tokenload search: --slo ttft_p99<500 does not parse"), text);
    assertFalse(text.contains("Exception"), text);
  }

  @Test
  void anUnknownSearchIsOneLineNamingTheFlag() {
    assertEquals(2, search("--search", "max-users", "--slo", "ttft_p99_ms<=5"));
    String text = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, text.lines().count(), text);
    assertTrue(text.contains("--search max-users is not allowed"), text);
  }
}
