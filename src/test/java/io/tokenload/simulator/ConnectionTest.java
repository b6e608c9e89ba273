package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static io.tokenload.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.tokenizer.WordTokenizer;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the server does with connections: discovery endpoints, keep-alive, pipelining, close. */
class ConnectionTest {

  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults().withModel("sim-7b"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthzAndModels() throws Exception {
    HttpResponse<String> health = SimClient.get(server, "/healthz");
    assertEquals(200, health.statusCode());
    assertEquals(
        json(
            "{\"status\":\"ok\",\"framework\":\"tokenload-sim\",\"model\":\"sim-7b\","
                + "\"providers\":[\"tokenload-sim\"]}"),
        json(health.body()));

    JsonNode listed = json(SimClient.get(server, "/v1/models").body());
    long created = listed.path("data").path(0).path("created").asLong();
    assertTrue(created > 1_700_000_000L, "created is the server's start in Unix seconds");
    JsonNode expected =
        json(
            "{\"object\":\"list\",\"data\":[{\"id\":\"sim-7b\",\"object\":\"model\","
                + "\"created\":"
                + created
                + ",\"owned_by\":\"tokenload\"}]}");
    assertEquals(expected, listed);
    assertEquals(expected, json(SimClient.get(server, "/models?verbose=1").body()));
  }

  @Test
  void baseUriPointsAtTheBoundPort() {
    assertTrue(server.port() > 0);
    assertEquals("http://127.0.0.1:" + server.port(), server.baseUri().toString());
    assertEquals("sim-7b", server.settings().model());
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
    String streamed =
        chat("first", "\"model\":\"sim-7b\",\"max_tokens\":3,\"stream\":true")
            .replace("\"model\":\"tokenload-sim\",", "");
    try (Socket socket = RawHttp.connect(server)) {
      InputStream in = socket.getInputStream();

      RawHttp.send(socket, RawHttp.post("/v1/chat/completions", streamed));
      RawHttp.Response first = RawHttp.read(in);
      assertEquals(200, first.status());
      assertEquals("chunked", first.header("Transfer-Encoding"));
      assertTrue(first.body().endsWith("data: [DONE]\n\n"), first.body());

      RawHttp.send(socket, RawHttp.post("/v1/completions", "{\"prompt\":\"b\",\"max_tokens\":2}"));
      RawHttp.Response second = RawHttp.read(in);
      assertEquals(200, second.status());
      assertEquals("text_completion", json(second.body()).get("object").asText());

      RawHttp.send(socket, RawHttp.get("/healthz"));
      assertEquals(200, RawHttp.read(in).status());

      // An error does not cost the connection either.
      RawHttp.send(socket, RawHttp.post("/v1/completions", "{"));
      assertEquals(400, RawHttp.read(in).status());
      RawHttp.send(socket, RawHttp.get("/v1/models"));
      assertEquals(200, RawHttp.read(in).status());
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket socket = RawHttp.connect(server)) {
      // Sent in one write: the second waits until the first stream has finished.
      RawHttp.send(
          socket,
          RawHttp.post(
                  "/v1/completions",
                  "{\"prompt\":\"p\",\"max_tokens\":5,\"stream\":true}",
                  "X-Request-Id: one\r\n")
              + RawHttp.post(
                  "/v1/completions", "{\"prompt\":\"q\",\"max_tokens\":5}", "X-Request-Id: two\r\n")
              + RawHttp.get("/healthz", "X-Request-Id: three\r\n"));
      InputStream in = socket.getInputStream();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        RawHttp.Response response = RawHttp.read(in);
        assertEquals(200, response.status());
        order.add(response.header("X-Request-Id"));
      }
      assertEquals(List.of("one", "two", "three"), order);
    }
  }

  @Test
  void pipelinedRequestsUpToTheQueueLimitAreAllAnswered() throws Exception {
    try (TargetServer server = TargetServer.start(slowSettings());
        Socket socket = RawHttp.connect(server)) {
      RawHttp.send(socket, streamThenHealthChecks(HttpHandler.MAX_WAITING));
      InputStream in = socket.getInputStream();
      assertTrue(RawHttp.read(in).body().endsWith("data: [DONE]\n\n"));
      for (int i = 0; i < HttpHandler.MAX_WAITING; i++) {
        assertEquals(String.valueOf(i), RawHttp.read(in).header("X-Request-Id"));
      }
    }
  }

  @Test
  void pipeliningBeyondTheQueueLimitClosesTheConnection() throws Exception {
    try (TargetServer server = TargetServer.start(slowSettings());
        Socket socket = RawHttp.connect(server)) {
      RawHttp.send(socket, streamThenHealthChecks(HttpHandler.MAX_WAITING + 1));
      byte[] received = socket.getInputStream().readAllBytes(); // returns at the server's close
      String text = new String(received, java.nio.charset.StandardCharsets.UTF_8);
      assertFalse(text.contains("X-Request-Id: 0"), "no queued request was answered");
    }
  }

  /** A 100-token stream at 3 ms per token, then {@code count} pipelined health checks. */
  private static String streamThenHealthChecks(int count) {
    StringBuilder requests =
        new StringBuilder(
            RawHttp.post(
                "/v1/completions",
                "{\"prompt\":\"p\",\"max_tokens\":100,\"ignore_eos\":true,\"stream\":true}"));
    for (int i = 0; i < count; i++) {
      requests.append(RawHttp.get("/healthz", "X-Request-Id: " + i + "\r\n"));
    }
    return requests.toString();
  }

  private static TargetSettings slowSettings() {
    return TargetSettings.defaults().withInterTokenLatency(Duration.ofMillis(3));
  }

  @Test
  void connectionCloseIsHonoured() throws Exception {
    try (Socket socket = RawHttp.connect(server)) {
      RawHttp.send(
          socket,
          RawHttp.post(
              "/v1/completions",
              "{\"prompt\":\"p\",\"max_tokens\":3,\"stream\":true}",
              "Connection: close\r\n"));
      InputStream in = socket.getInputStream();
      RawHttp.Response response = RawHttp.read(in);
      assertEquals(200, response.status());
      assertTrue(response.body().endsWith("data: [DONE]\n\n"));
      assertEquals(-1, in.read(), "the server closes after the last chunk");
    }
  }

  @Test
  void invalidHttpIs400AndClosesTheConnection() throws Exception {
    try (Socket socket = RawHttp.connect(server)) {
      RawHttp.send(socket, "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: many\r\n\r\n");
      InputStream in = socket.getInputStream();
      RawHttp.Response response = RawHttp.read(in);
      assertEquals(400, response.status());
      assertEquals("invalid_http", json(response.body()).get("error").get("code").asText());
      assertEquals(-1, in.read(), "the server closes: the byte stream cannot be trusted");
    }
  }

  @Test
  void chunkWriteListenerSeesEveryTokenChunk() throws Exception {
    record Write(String requestId, int chunk, long nanos) {}
    ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
    TargetSettings settings =
        TargetSettings.defaults()
            .withTokensPerChunk(3)
            .withChunkWriteListener((id, chunk, nanos) -> writes.add(new Write(id, chunk, nanos)));
    try (TargetServer listened = TargetServer.start(settings)) {
      long before = System.nanoTime();
      String body = chat("listen", "\"max_tokens\":10,\"ignore_eos\":true,\"stream\":true");
      HttpResponse<String> response =
          SimClient.post(listened, "/v1/chat/completions", body, "X-Request-Id", "fid-1");

      assertEquals(200, response.statusCode());
      // The listener runs just after the flush, so the client may finish reading before it has.
      awaitSize(writes, 4);
      long after = System.nanoTime();
      List<Write> seen = new ArrayList<>(writes);
      assertEquals(4, seen.size(), "10 tokens at 3 per chunk: " + seen);
      for (int i = 0; i < seen.size(); i++) {
        Write write = seen.get(i);
        assertEquals("fid-1", write.requestId());
        assertEquals(i, write.chunk());
        assertTrue(write.nanos() >= before && write.nanos() <= after, "a System.nanoTime()");
        assertTrue(i == 0 || write.nanos() >= seen.get(i - 1).nanos());
      }

      // Without X-Request-Id the listener hears the response id.
      writes.clear();
      String text = "{\"prompt\":\"x\",\"max_tokens\":2,\"ignore_eos\":true,\"stream\":true}";
      String events = SimClient.post(listened, "/v1/completions", text).body();
      String id = SimClient.jsonEvents(events).get(0).get("id").asText();
      awaitSize(writes, 1);
      assertEquals(List.of(id), writes.stream().map(Write::requestId).distinct().toList());
      assertEquals(1, writes.size());
    }
  }

  @Test
  void outputTextIsInTheTokenizersVocabulary() throws Exception {
    String body = "{\"prompt\":\"v\",\"max_tokens\":200,\"ignore_eos\":true}";
    String text =
        json(SimClient.post(server, "/v1/completions", body).body())
            .get("choices")
            .get(0)
            .get("text")
            .asText();
    int[] ids = WordTokenizer.instance().encode(text);
    assertEquals(200, ids.length);
    assertEquals(text.strip(), WordTokenizer.instance().decode(ids));
  }

  private static void awaitSize(ConcurrentLinkedQueue<?> queue, int size) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (queue.size() < size && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(20); // room for any extra, wrong call to show up
  }
}
