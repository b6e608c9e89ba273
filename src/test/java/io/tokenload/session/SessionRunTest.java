package io.tokenload.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.gatling.Preflight;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.workload.Api;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three-turn sessions against the embedded target, whose prefix cache serves each conversation's
 * earlier messages: cached tokens rise with the turn, and a cached prefix makes the first token
 * sooner.
 */
class SessionRunTest {

  private static List<SessionRun.TurnCache> run(TargetSettings target, Path dir, int inputTokens)
      throws Exception {
    try (TargetServer server = TargetServer.start(target)) {
      Endpoint endpoint =
          new Endpoint(
              server.baseUri(),
              Api.CHAT,
              Flavour.VLLM,
              Preflight.resolveModel(server.baseUri(), "", Optional.empty()),
              Optional.empty(),
              Duration.ofSeconds(30));
      return SessionRun.run(
          new SessionRun.Settings(4, 3, 2, inputTokens, 8, 10, 1),
          endpoint,
          "embedded",
          dir.resolve("run"),
          line -> {});
    }
  }

  @Test
  void cachedPromptTokensRiseWithTheTurn(@TempDir Path dir) throws Exception {
    List<SessionRun.TurnCache> turns = run(TargetSettings.defaults(), dir, 32);
    assertEquals(List.of("turn1", "turn2", "turn3"), turns.stream().map(t -> t.turn()).toList());
    assertEquals(0, turns.get(0).cachedTokens());
    assertTrue(turns.get(1).cachedTokens() > 0, turns.toString());
    assertTrue(turns.get(2).cachedTokens() > turns.get(1).cachedTokens(), turns.toString());
    assertTrue(turns.get(2).hitRate() > turns.get(1).hitRate(), turns.toString());
    assertEquals(null, turns.get(0).hitRate(), "a first turn's single message reports no count");
    for (SessionRun.TurnCache t : turns) {
      assertEquals(4, t.requests());
      assertNotNull(t.ttftP50Ms());
    }
    assertTrue(Files.isRegularFile(dir.resolve("run").resolve(SessionRun.FILE)));
  }

  @Test
  void aCachedPrefixMakesTheFirstTokenSoonerOnTheFixedPreset(@TempDir Path dir) throws Exception {
    TargetSettings slowPrefill =
        TargetSettings.defaults()
            .withTimeToFirstToken(Duration.ofMillis(400))
            .withInterTokenLatency(Duration.ofMillis(1));
    List<SessionRun.TurnCache> turns = run(slowPrefill, dir, 200);
    List<Double> ttft = new ArrayList<>();
    turns.forEach(t -> ttft.add(t.ttftP50Ms()));
    // Turn 1 prefills everything (400 ms); by turn 3 about two thirds of the prompt is cached.
    assertTrue(ttft.get(0) >= 390, ttft.toString());
    assertTrue(ttft.get(2) < 0.6 * ttft.get(0), ttft.toString());
  }
}
