package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.service.Service;
import io.tokenload.service.TestService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenload batch} with the shipped {@code batch_test_config.json} (its base URL pointed at
 * a service on a free port): the quick scenario runs to the end in a real child process and its
 * results are saved; bad configs and refusals are one-line errors; the token is never printed.
 */
class BatchCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "batch-test-token";

  @TempDir static Path dir;
  static Service service;

  @BeforeAll
  static void start() throws Exception {
    service = TestService.start(dir, TOKEN);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run batch(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = Stream.concat(Stream.of("batch"), Stream.of(args)).toArray(String[]::new);
    int code =
        Main.run(
            all,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The shipped file, aimed at the test's service; {@code token} null leaves the token out. */
  private static Path config(String name, String token, int port) throws Exception {
    ObjectNode root = (ObjectNode) JSON.readTree(Path.of("batch_test_config.json").toFile());
    ObjectNode api = (ObjectNode) root.get("api_config");
    api.put("base_url", "http://127.0.0.1:" + port + "/api");
    api.put("token_env", "TOKENLOAD_TEST_UNSET_VARIABLE");
    api.remove("token_file");
    if (token != null) {
      api.put("token", token);
    }
    ((ObjectNode) root.get("monitoring")).put("check_interval_seconds", 0.5);
    Path file = dir.resolve(name);
    JSON.writeValue(file.toFile(), root);
    return file;
  }

  @Test
  void theQuickScenarioRunsToTheEndAndItsResultsAreSaved() throws Exception {
    Path results = dir.resolve("batch_test_results");
    Run run =
        batch(
            "--config",
            config("ok.json", TOKEN, service.port()).toString(),
            "quick_test",
            "--results-dir",
            results.toString());

    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(
        run.out().contains("6 cells queued; pairing: c=1 n=4, c=2 n=8, c=4 n=8 (carried)"),
        run.out());
    assertTrue(run.out().contains("cell in256-out64-c4 done: 8 requests"), run.out());
    assertTrue(run.out().contains("success rate 100.0 %"), run.out());
    assertFalse(run.out().contains(TOKEN) || run.err().contains(TOKEN), "the token is not printed");
    List<Path> saved;
    try (Stream<Path> s = Files.list(results)) {
      saved = s.toList();
    }
    assertEquals(1, saved.size());
    JsonNode task = JSON.readTree(saved.get(0).toFile());
    assertEquals("completed", task.path("status").asText());
    assertEquals(6, task.path("summary").path("finished_cells").asInt());
  }

  @Test
  void noTokenAnywhereIsAUsageErrorSayingWhereOneCanCome() throws Exception {
    Run run = batch("--config", config("no-token.json", null, service.port()).toString());
    assertEquals(2, run.code());
    assertTrue(
        run.err()
            .contains("no API token: set TOKENLOAD_TEST_UNSET_VARIABLE, or give api_config.token"),
        run.err());
  }

  @Test
  void anUnknownScenarioIsAUsageErrorListingTheScenarios() throws Exception {
    Run run = batch("--config", config("s.json", TOKEN, service.port()).toString(), "nope");
    assertEquals(2, run.code());
    assertTrue(
        run.err().contains("has no scenario 'nope'; allowed: run_1k_4K_equivalent, quick_test"),
        run.err());
  }

  @Test
  void aScenarioTheServiceRefusesIsAUsageErrorWithTheServicesReason() throws Exception {
    Path file = config("refused.json", TOKEN, service.port());
    ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
    ((ObjectNode) root.get("test_scenarios").get("quick_test")).put("model_id", 42);
    JSON.writeValue(file.toFile(), root);
    Run run = batch("--config", file.toString(), "quick_test");
    assertEquals(2, run.code());
    assertTrue(run.err().contains("model_id was 42; allowed: one of the ids of"), run.err());
  }

  @Test
  void aWrongTokenIsReportedWithoutEchoingIt() throws Exception {
    Run run =
        batch(
            "--config",
            config("wrong.json", "wrong-token", service.port()).toString(),
            "quick_test");
    assertEquals(1, run.code());
    assertTrue(run.err().contains("401"), run.err());
    assertFalse(run.err().contains("wrong-token"), run.err());
  }

  @Test
  void anUnreachableServiceSaysSo() throws Exception {
    Run run = batch("--config", config("down.json", TOKEN, 1).toString(), "quick_test");
    assertEquals(1, run.code());
    assertTrue(
        run.err().contains("cannot reach the service at http://127.0.0.1:1/api/"), run.err());
  }
}
