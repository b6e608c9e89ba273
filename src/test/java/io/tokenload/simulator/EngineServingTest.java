package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static io.tokenload.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The engine mode over real sockets: a sweep's shape, capacity given back, and shutdown. */
class EngineServingTest {

  /** Fast enough for a test: 2 ms per step plus 0.25 ms per sequence, up to 64 at once. */
  private static final EngineModel SWEEP =
      new EngineModel("sweep", 1, 2000, 250, 0, 64, 1_000_000, 8192, 0);

  private static final int TOKENS = 16;

  record Level(int concurrency, double itlMs, double tokensPerSecond) {}

  @Test
  void aConcurrencySweepShowsLatencyRisingAndThroughputFlattening() throws Exception {
    try (TargetServer server = TargetServer.start(TargetSettings.defaults().withEngine(SWEEP))) {
      level(server, 4, 1); // warm-up: JIT, thread pools
      Map<Integer, Level> levels = new LinkedHashMap<>();
      for (int concurrency : new int[] {1, 4, 16, 64}) {
        levels.put(concurrency, level(server, concurrency, 2));
      }
      String shape = levels.values().toString();

      // Each step costs 2 ms + 0.25 ms per running sequence: 2.25, 3, 6 and 18 ms.
      double itl1 = levels.get(1).itlMs();
      assertTrue(levels.get(16).itlMs() > 1.5 * itl1, "ITL rises with concurrency: " + shape);
      assertTrue(levels.get(64).itlMs() > 1.5 * levels.get(16).itlMs(), shape);
      assertTrue(levels.get(64).itlMs() > 4 * itl1, shape);
      // Tokens/s: about 440, 1,330, 2,670 and 3,560: each 4× in concurrency gains less.
      double early = levels.get(4).tokensPerSecond() / levels.get(1).tokensPerSecond();
      double late = levels.get(64).tokensPerSecond() / levels.get(16).tokensPerSecond();
      assertTrue(early > 1.8, "throughput grows at first: " + shape);
      assertTrue(late < 1.8 && late < early, "then flattens: " + shape);
    }
  }

  @Test
  void closeStopsTheEngineLoopThread() throws Exception {
    TargetServer server = TargetServer.start(TargetSettings.defaults().withPreset("tiny-fast"));
    Thread engine = server.engineLoop().thread();
    assertNotNull(engine);
    assertTrue(engine.isAlive());
    assertTrue(engine.getName().startsWith("tokenload-engine-"), engine.getName());
    SimClient.post(server, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":3}");

    server.close();

    engine.join(3000);
    assertFalse(engine.isAlive(), "the engine thread ended");
    assertTrue(server.engineLoop().isTerminated());
    assertEquals(TargetSettings.FIXED, TargetSettings.defaults().preset());
    assertEquals("tiny-fast", server.settings().preset());
  }

  @Test
  void engineModeSaysWhatTheFixedModeSays() throws Exception {
    String streamed = chat("same words", "\"max_tokens\":9,\"ignore_eos\":true,\"stream\":true");
    String plain = chat("same words", "\"max_tokens\":9,\"ignore_eos\":true");
    String embedding = "{\"input\":[\"a b\",\"c\"]}";
    try (TargetServer fixed = TargetServer.start(TargetSettings.defaults());
        TargetServer engine =
            TargetServer.start(TargetSettings.defaults().withEngine(EngineModel.TINY_FAST))) {
      assertEquals(
          contentOf(SimClient.post(fixed, "/v1/chat/completions", streamed).body()),
          contentOf(SimClient.post(engine, "/v1/chat/completions", streamed).body()));
      JsonNode fixedPlain = json(SimClient.post(fixed, "/v1/chat/completions", plain).body());
      JsonNode enginePlain = json(SimClient.post(engine, "/v1/chat/completions", plain).body());
      assertEquals(fixedPlain.get("choices"), enginePlain.get("choices"));
      assertEquals(fixedPlain.get("usage"), enginePlain.get("usage"));
      assertEquals(
          json(SimClient.post(fixed, "/v1/embeddings", embedding).body()).get("data"),
          json(SimClient.post(engine, "/v1/embeddings", embedding).body()).get("data"));
    }
  }

  @Test
  void aRequestTheKvCacheCouldNeverHoldIs400() throws Exception {
    EngineModel small = EngineModel.TINY_FAST.withKvBudgetTokens(100);
    try (TargetServer server = TargetServer.start(TargetSettings.defaults().withEngine(small))) {
      HttpResponse<String> response =
          SimClient.post(server, "/v1/completions", "{\"prompt\":\"a b\",\"max_tokens\":99}");
      assertEquals(400, response.statusCode());
      JsonNode error = json(response.body()).get("error");
      assertEquals("kv_budget_exceeded", error.get("code").asText());
      assertTrue(
          error.get("message").asText().contains("max_tokens must be at most 98"),
          error.toString());
    }
  }

  @Test
  void aClientThatLeavesGivesBackItsBatchSlot() throws Exception {
    EngineModel oneAtATime = EngineModel.TINY_FAST.withMaxBatch(1);
    try (TargetServer server =
        TargetServer.start(TargetSettings.defaults().withEngine(oneAtATime))) {
      // 20,000 tokens at 1.5 ms a step would hold the only slot for half a minute.
      String endless =
          "{\"prompt\":\"p\",\"max_tokens\":20000,\"ignore_eos\":true,\"stream\":true}";
      try (Socket left = RawHttp.connect(server)) {
        RawHttp.send(left, RawHttp.post("/v1/completions", endless));
        readFirstTokenEvent(left.getInputStream());
      }
      assertAnsweredQuickly(server);

      // A stream that goes silent gives its slot back too, though its connection stays open.
      try (Socket silent = RawHttp.connect(server)) {
        RawHttp.send(
            silent,
            RawHttp.post(
                "/v1/completions", endless, FaultDraw.HEADER + ": never-ends;after=1\r\n"));
        readFirstTokenEvent(silent.getInputStream());
        assertAnsweredQuickly(server);
      }
    }
  }

  private static void assertAnsweredQuickly(TargetServer server) throws Exception {
    long sent = System.nanoTime();
    HttpResponse<String> next =
        SimClient.post(server, "/v1/completions", "{\"prompt\":\"q\",\"max_tokens\":5}");
    long tookMs = (System.nanoTime() - sent) / 1_000_000;
    assertEquals(200, next.statusCode());
    assertTrue(tookMs < 5000, "the next request got the slot: " + tookMs + " ms");
  }

  /** Runs {@code concurrency} clients, each sending {@code each} streams one after another. */
  private static Level level(TargetServer server, int concurrency, int each) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Double> itls = Collections.synchronizedList(new ArrayList<>());
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < concurrency; i++) {
        sockets.add(RawHttp.connect(server));
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> clients = new ArrayList<>();
      for (Socket socket : sockets) {
        clients.add(
            pool.submit(
                () -> {
                  go.await();
                  InputStream in = new BufferedInputStream(socket.getInputStream());
                  for (int r = 0; r < each; r++) {
                    String body =
                        "{\"prompt\":\"sweep\",\"max_tokens\":"
                            + TOKENS
                            + ",\"ignore_eos\":true,\"stream\":true}";
                    RawHttp.send(socket, RawHttp.post("/v1/completions", body));
                    List<Long> arrivals = tokenArrivals(in);
                    assertEquals(TOKENS, arrivals.size());
                    long span = arrivals.get(TOKENS - 1) - arrivals.get(0);
                    itls.add(span / (TOKENS - 1) / 1e6);
                  }
                  return null;
                }));
      }
      long start = System.nanoTime();
      go.countDown();
      for (Future<?> client : clients) {
        client.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      List<Double> sorted = new ArrayList<>(itls);
      Collections.sort(sorted);
      double median = sorted.get(sorted.size() / 2);
      return new Level(concurrency, median, concurrency * each * TOKENS / seconds);
    } finally {
      pool.shutdownNow();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Reads one streamed completion (chunked, one HTTP chunk per flush) noting each token's time. */
  private static List<Long> tokenArrivals(InputStream in) throws IOException {
    List<Long> arrivals = new ArrayList<>();
    String line;
    while (!(line = line(in)).equals("data: [DONE]")) {
      if (line.startsWith("data: {") && line.contains("\"finish_reason\":null")) {
        arrivals.add(System.nanoTime());
      }
    }
    while (!line(in).equals("0")) {
      // the rest of the last HTTP chunk
    }
    line(in); // the blank line that ends the response
    return arrivals;
  }

  private static void readFirstTokenEvent(InputStream in) throws IOException {
    while (!line(in).startsWith("data: {")) {
      // the head, then chunk sizes
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed after: " + sb);
      }
      if (c != '\r') {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  private static String contentOf(String events) {
    StringBuilder content = new StringBuilder();
    for (JsonNode chunk : SimClient.jsonEvents(events)) {
      content.append(chunk.get("choices").get(0).get("delta").path("content").asText());
    }
    return content.toString();
  }
}
