package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every fault, asked for with X-Tokenload-Fault, as a client sees it on a real socket. */
class FaultsTest {

  private static final String TEN_TOKENS =
      "{\"prompt\":\"p\",\"max_tokens\":10,\"ignore_eos\":true,\"stream\":true}";
  private static final String PLAIN = "{\"prompt\":\"p\",\"max_tokens\":10,\"ignore_eos\":true}";

  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void errorSendsTheStatusWithAnOpenAiErrorBody() throws Exception {
    var response = SimClient.post(server, "/v1/completions", PLAIN, FaultDraw.HEADER, "error");
    assertEquals(500, response.statusCode());
    JsonNode error = json(response.body()).get("error");
    assertEquals("server_error", error.get("type").asText());
    assertEquals("injected_fault", error.get("code").asText());
    assertTrue(error.get("message").asText().contains("error"), error.toString());

    var unavailable =
        SimClient.post(
            server, "/v1/chat/completions", "{}", FaultDraw.HEADER, "error; status = 503");
    assertEquals(503, unavailable.statusCode(), "the fault comes before the body is read");
    var badRequest =
        SimClient.post(server, "/v1/embeddings", "{}", FaultDraw.HEADER, "error;status=422");
    assertEquals(
        "invalid_request_error", json(badRequest.body()).get("error").get("type").asText());
  }

  @Test
  void rateLimitIs429WithRetryAfter() throws Exception {
    var response =
        SimClient.post(
            server, "/v1/completions", PLAIN, FaultDraw.HEADER, "rate-limit;retry-after=7");
    assertEquals(429, response.statusCode());
    assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
    assertEquals("rate_limit_error", json(response.body()).get("error").get("type").asText());
  }

  @Test
  void disconnectClosesTheConnectionAfterSomeChunks() throws Exception {
    try (Socket socket = send(TEN_TOKENS, "disconnect;after=3")) {
      String received = readToEnd(socket.getInputStream());

      assertTrue(received.startsWith("HTTP/1.1 200 OK"), received);
      assertEquals(3, dataEvents(received).size(), "three token chunks, then the close");
      assertFalse(received.contains("[DONE]"));
    }
  }

  @Test
  void disconnectOnAPlainReplyClosesWithoutAByte() throws Exception {
    try (Socket socket = send(PLAIN, "disconnect")) {
      assertEquals("", readToEnd(socket.getInputStream()));
    }
  }

  @Test
  void stallSendsNothingThenTheWholeAnswer() throws Exception {
    try (Socket socket = send(TEN_TOKENS, "stall;ms=400")) {
      long sent = System.nanoTime();
      InputStream in = socket.getInputStream();
      socket.setSoTimeout(200);
      assertThrows(SocketTimeoutException.class, in::read, "not even the status line yet");
      socket.setSoTimeout(10_000);
      RawHttp.Response response = RawHttp.read(in);
      long tookMs = (System.nanoTime() - sent) / 1_000_000;

      assertTrue(tookMs >= 400, "the answer waits out the stall: " + tookMs + " ms");
      assertEquals(200, response.status());
      assertEquals(10, SimClient.jsonEvents(response.body()).size() - 1, "then every token");
    }
  }

  @Test
  void malformedSendsADataEventThatIsNotJson() throws Exception {
    try (Socket socket = send(TEN_TOKENS, "malformed;after=2")) {
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      List<String> events = SimClient.events(response.body());

      assertEquals(1 + 10 + 1 + 1, events.size(), "the bad event, 10 tokens, finish, [DONE]");
      String bad = events.get(2);
      assertTrue(bad.startsWith("{\"id\":\"cmpl-"), bad);
      assertThrows(UncheckedIOException.class, () -> json(bad), "not JSON: " + bad);
      for (int i = 0; i < events.size() - 1; i++) {
        if (i != 2) {
          json(events.get(i));
        }
      }
    }
  }

  @Test
  void malformedOnAPlainReplyCutsTheBody() throws Exception {
    try (Socket socket = send(PLAIN, "malformed")) {
      RawHttp.Response response = RawHttp.read(socket.getInputStream());
      assertEquals(200, response.status());
      assertEquals(
          response.body().getBytes(StandardCharsets.UTF_8).length,
          Integer.parseInt(response.header("Content-Length")));
      assertThrows(UncheckedIOException.class, () -> json(response.body()));
    }
  }

  @Test
  void dripTricklesTheStreamInSmallReads() throws Exception {
    String body = "{\"prompt\":\"p\",\"max_tokens\":2,\"ignore_eos\":true,\"stream\":true}";
    try (Socket socket = send(body, "drip;bytes=16;ms=8", "Connection: close\r\n")) {
      long sent = System.nanoTime();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      List<Integer> reads = new ArrayList<>();
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        all.write(buffer, 0, n);
        reads.add(n);
      }
      long tookMs = (System.nanoTime() - sent) / 1_000_000;
      RawHttp.Response response = RawHttp.read(new ByteArrayInputStream(all.toByteArray()));

      assertEquals(2 + 1, SimClient.jsonEvents(response.body()).size(), "the stream is intact");
      int slices = (response.body().length() + 15) / 16;
      assertTrue(tookMs >= (slices - 1) * 8L, slices + " slices 8 ms apart in " + tookMs + " ms");
      List<Integer> sorted = reads.stream().sorted().toList();
      int median = sorted.get(sorted.size() / 2);
      // Each slice is one HTTP chunk of 22 bytes: "10\r\n", 16 bytes, "\r\n".
      assertTrue(reads.size() > slices / 2, reads.size() + " reads for " + slices + " slices");
      assertTrue(median <= 3 * 22, "small reads: " + reads);
    }
  }

  @Test
  void neverEndsSendsTheTokensButNoDoneAndTheClientMustGiveUp() throws Exception {
    try (Socket socket = send(TEN_TOKENS, "never-ends")) {
      socket.setSoTimeout(500);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream received = new ByteArrayOutputStream();
      assertThrows(SocketTimeoutException.class, () -> copyUntilTimeout(in, received));
      String text = received.toString(StandardCharsets.UTF_8);
      assertEquals(10, dataEvents(text).size(), "every token chunk arrived: " + text);
      assertFalse(text.contains("finish_reason\":\"length") || text.contains("[DONE]"));
    } // the client abandons it: closing is all it takes
  }

  @Test
  void neverEndsIsBoundedByItsMs() throws Exception {
    // Stamped before the request leaves: the server's 300 ms may start before send() returns.
    long sent = System.nanoTime();
    try (Socket socket = send(TEN_TOKENS, "never-ends;after=4;ms=300")) {
      String received = readToEnd(socket.getInputStream());
      long tookMs = (System.nanoTime() - sent) / 1_000_000;

      assertEquals(4, dataEvents(received).size());
      assertTrue(tookMs >= 300, "held open for its 300 ms: " + tookMs);
      assertFalse(received.contains("[DONE]"));
    }
    try (Socket socket = send(PLAIN, "never-ends;ms=200")) {
      assertEquals("", readToEnd(socket.getInputStream()), "a plain reply never comes");
    }
  }

  @Test
  void noneAsksForNoFault() throws Exception {
    var response = SimClient.post(server, "/v1/completions", PLAIN, FaultDraw.HEADER, "none");
    assertEquals(200, response.statusCode());
  }

  @Test
  void aBadFaultHeaderIs400NamingTheHeaderAndWhatIsAllowed() throws Exception {
    JsonNode unknown = badHeader("explode");
    assertEquals(FaultDraw.HEADER, unknown.get("param").asText());
    assertEquals("invalid_fault", unknown.get("code").asText());
    String message = unknown.get("message").asText();
    assertTrue(message.contains("'explode'") && message.contains("rate-limit"), message);

    String status = badHeader("error;status=999").get("message").asText();
    assertTrue(status.contains("status is '999'; it must be an integer from 400 to 599"), status);
    String key = badHeader("stall;seconds=3").get("message").asText();
    assertTrue(key.contains("stall has no key 'seconds'; it takes ms ("), key);
  }

  private static JsonNode badHeader(String value) throws Exception {
    var response = SimClient.post(server, "/v1/completions", PLAIN, FaultDraw.HEADER, value);
    assertEquals(400, response.statusCode(), response.body());
    return json(response.body()).get("error");
  }

  /** Opens a connection and sends one completion request with the fault header. */
  static Socket send(String body, String fault, String... headers) throws IOException {
    Socket socket = RawHttp.connect(server);
    String all = FaultDraw.HEADER + ": " + fault + "\r\n" + String.join("", headers);
    RawHttp.send(socket, RawHttp.post("/v1/completions", body, all));
    return socket;
  }

  /** Everything until the server closes the connection. */
  static String readToEnd(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void copyUntilTimeout(InputStream in, ByteArrayOutputStream out)
      throws IOException {
    byte[] buffer = new byte[8192];
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      out.write(buffer, 0, n);
    }
  }

  /** The token events in raw bytes whose HTTP chunks each hold whole events. */
  static List<String> dataEvents(String raw) {
    return raw.lines().filter(line -> line.startsWith("data: {")).toList();
  }
}
