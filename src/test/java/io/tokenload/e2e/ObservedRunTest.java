package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.simulator.EngineModel;
import io.tokenload.simulator.FaultRate;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server seen beside the client, end to end in a Gatling JVM of its own: a short matrix against
 * the embedded target's {@code 8b-h100} engine, scraped at its {@code /metrics}; and a strict run
 * against an overloaded server.
 */
class ObservedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /**
   * 8b-h100 runs 256 sequences at most: at 32 users nothing waits, at 512 half of them queue, and
   * the TTFT knee is the queue.
   */
  @Test
  void theTtftKneeCoincidesWithTheServersQueueGrowing() throws Exception {
    Path definition = dir.resolve("knee.json");
    Files.writeString(
        definition,
        """
        {"name": "knee",
         "target": {"embedded": {"preset": "8b-h100"}},
         "input_output": [[128, 32]],
         "load": {"model": "closed", "concurrency": [32, 512], "requests": [64, 512]},
         "warmup_requests": 4,
         "seed": 3}""");
    Path reports = dir.resolve("reports");
    Process gatling =
        GatlingProcess.start(
            "MatrixSimulation",
            Map.of(
                "config", definition.toString(),
                "reports.dir", reports.toString(),
                "metrics.period.ms", "200"),
            dir.resolve("results"),
            dir.resolve("gatling.log"));
    assertTrue(gatling.waitFor(120, TimeUnit.SECONDS), "the run did not end in 2 minutes");
    String output = Files.readString(dir.resolve("gatling.log"));
    assertEquals(0, gatling.exitValue(), output);

    Path run;
    try (Stream<Path> s = Files.list(reports)) {
      run = s.findFirst().orElseThrow();
    }
    assertTrue(Files.size(run.resolve("server_metrics.jsonl")) > 0, output);
    JsonNode cells = JSON.readTree(run.resolve("summary.json").toFile()).get("cells");
    JsonNode light = cells.get(0);
    JsonNode heavy = cells.get(1);
    JsonNode lightServer = light.get("server");
    JsonNode heavyServer = heavy.get("server");
    assertNotNull(lightServer, light.toString());
    assertNotNull(heavyServer, heavy.toString());
    assertEquals("vllm", heavyServer.get("kind").asText());

    // A request that arrives during a step waits for the next one, so a light cell may show a
    // few waiting in a scrape; a queue that lasts is the batch cap's.
    double lightWaiting = lightServer.get("gauges").get("waiting").get("mean").asDouble();
    double heavyWaiting = heavyServer.get("gauges").get("waiting").get("mean").asDouble();
    double lightTtft = light.get("latency").get("ttft_ms").get("p50").asDouble();
    double heavyTtft = heavy.get("latency").get("ttft_ms").get("p50").asDouble();
    assertTrue(lightWaiting < 8, "hardly anything waits at 32 users: " + lightServer);
    assertTrue(heavyWaiting >= 10 * Math.max(1, lightWaiting), "a queue at 512: " + heavyServer);
    assertTrue(
        heavyServer.get("gauges").get("waiting").get("max").asDouble() >= 200,
        "about 256 wait behind the batch cap at 512 users: " + heavyServer);
    assertTrue(heavyTtft > 3 * lightTtft, "the TTFT knee: " + lightTtft + " -> " + heavyTtft);
    assertTrue(
        heavyServer.get("gauges").get("kv_cache_usage").get("max").asDouble()
            > lightServer.get("gauges").get("kv_cache_usage").get("max").asDouble(),
        "the KV cache fills with the batch");

    // The server's TTFT, from its histogram's delta, against the client's.
    JsonNode serverTtft = heavyServer.get("ttft_ms");
    assertEquals(512, serverTtft.get("count").asLong(), heavyServer.toString());
    assertTrue(heavyServer.get("ttft_difference_ms").isNumber(), heavyServer.toString());
    assertEquals(
        512L * 32, heavyServer.get("counters").get("generation_tokens").asLong(), "tokens seen");
    assertTrue(
        heavyServer.get("series").get("waiting").size() >= 3, "waiting over time: " + heavyServer);
    String page = Files.readString(run.resolve("index.html"));
    assertTrue(page.contains("Server queue"), "the page shows the server's queue");
  }

  @Test
  void aStrictRunAgainstAnOverloadedServerFailsWithTheFailedChecksLast() throws Exception {
    TargetSettings overloaded =
        TargetSettings.defaults()
            .withEngine(EngineModel.preset("8b-h100").withMaxBatch(2))
            .withFaults(List.of(FaultRate.parse("rate-limit=0.3")))
            .withSeed(4);
    try (TargetServer server = TargetServer.start(overloaded)) {
      Process p =
          GatlingProcess.start(
              "ChatStreamSimulation",
              Map.of(
                  "base.url", server.baseUri().toString(),
                  "template.probe", "false",
                  "reports.dir", dir.resolve("reports").toString(),
                  "requests", "20",
                  "concurrency", "8",
                  "warmup.requests", "0",
                  "output.tokens", "8",
                  "strict", "true"),
              dir.resolve("results"),
              dir.resolve("gatling.log"));
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run did not end in 2 minutes");
      List<String> lines = Files.readAllLines(dir.resolve("gatling.log"));
      String all = String.join("\n", lines);
      assertEquals(2, p.exitValue(), all);
      List<String> ours = lines.stream().filter(l -> l.startsWith("tokenload: ")).toList();
      String last = ours.get(ours.size() - 1);
      assertTrue(last.startsWith("tokenload: run FAILED"), all);
      assertTrue(
          ours.get(ours.size() - 2).startsWith("tokenload: FAIL validity: failed share"), all);
      // After Gatling's own output: its assertion's line, then nothing of Gatling's statistics.
      int gatling = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith("tokenload verdict: count of failed events")) {
          gatling = i;
        }
      }
      assertTrue(gatling >= 0, "Gatling's assertion line: " + all);
      List<String> after = lines.subList(gatling + 1, lines.size());
      assertTrue(after.contains(last), "the verdict after Gatling's assertion: " + all);
      assertTrue(
          after.stream().noneMatch(l -> l.startsWith("> ") || l.startsWith("---- ")),
          "no Gatling statistics after the verdict: " + all);
    }
  }
}
