package io.tokenload.transport;

import static io.tokenload.testing.ScriptedServer.DONE_EVENT;
import static io.tokenload.testing.ScriptedServer.chunk;
import static io.tokenload.testing.ScriptedServer.contentEvent;
import static io.tokenload.testing.ScriptedServer.endChunks;
import static io.tokenload.testing.ScriptedServer.streamHead;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.testing.OneRequest;
import io.tokenload.testing.ScriptedServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The request bytes as a server reads them, from a raw socket: request line, headers, body. */
class RequestHeadTest {

  private static StreamClient client;

  @BeforeAll
  static void startClient() {
    client = StreamClient.create(1);
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  /** A server that keeps each request's head and answers one token. */
  private static ScriptedServer answering(List<String> heads) throws Exception {
    return ScriptedServer.start(
        (head, body, out) -> {
          heads.add(head);
          streamHead(out);
          chunk(out, contentEvent("hi"));
          chunk(out, DONE_EVENT);
          endChunks(out);
          return true;
        });
  }

  @Test
  void sendsTheRequestLineTheHeadersAndTheBodyOfEachRequest() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = answering(heads)) {
      URI uri = server.baseUri().resolve("/v1/chat/completions?api-version=1");
      OneRequest request =
          OneRequest.to(uri).withHeaders(Map.of("Authorization", "Bearer k", "X-Team", "a b"));
      RequestRecord first = request.send(client, 10);
      RequestRecord second = request.send(client, 10);
      assertTrue(first.ok() && second.ok(), first.error() + " / " + second.error());
      // The second goes out on the first's connection when it is back in the pool by then (the
      // head cached per connection), else on a new one: both must read the same.
      assertEquals(2, heads.size());
      assertEquals(2, server.bodies().size());
      assertEquals(
          new String(OneRequest.body(), java.nio.charset.StandardCharsets.UTF_8),
          server.bodies().get(1));
      for (String head : heads) {
        List<String> lines = List.of(head.split("\r\n"));
        assertEquals("POST /v1/chat/completions?api-version=1 HTTP/1.1", lines.get(0), head);
        assertTrue(lines.contains("Host: 127.0.0.1:" + uri.getPort()), head);
        assertTrue(lines.contains("Content-Type: application/json"), head);
        assertTrue(lines.contains("Accept: text/event-stream, application/json"), head);
        assertTrue(lines.contains("Authorization: Bearer k"), head);
        assertTrue(lines.contains("X-Team: a b"), head);
        assertTrue(lines.contains("X-Request-Id: req"), head);
        assertTrue(lines.contains("Content-Length: " + OneRequest.body().length), head);
      }
    }
  }

  @Test
  void aHeaderOfTheCallerReplacesOursOfTheSameNameButNotTheLength() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = answering(heads)) {
      RequestRecord r =
          OneRequest.to(server.baseUri())
              .withHeaders(Map.of("accept", "text/event-stream", "Content-Length", "1"))
              .send(client, 10);
      assertTrue(r.ok(), r.error());
      List<String> lines = List.of(heads.get(0).split("\r\n"));
      assertTrue(lines.contains("accept: text/event-stream"), heads.get(0));
      assertFalse(heads.get(0).contains("Accept: text/event-stream, application/json"));
      assertTrue(lines.contains("Content-Length: " + OneRequest.body().length), heads.get(0));
      assertFalse(lines.contains("Content-Length: 1"), heads.get(0));
    }
  }

  @Test
  void aHeaderThatWouldEndTheHeadEarlyIsNotSent() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = answering(heads)) {
      RequestRecord r =
          OneRequest.to(server.baseUri())
              .withHeaders(Map.of("X-Note", "a\r\nX-Injected: 1"))
              .send(client, 10);
      assertFalse(r.ok());
      assertTrue(r.error().contains("X-Note") && r.error().contains("line break"), r.error());
      assertFalse(r.error().contains("X-Injected"), "a value is never repeated: " + r.error());
      assertEquals(List.of(), heads, "nothing reached the server");
    }
  }

  @Test
  void aHeaderNameThatIsNotATokenIsNotSent() throws Exception {
    List<String> heads = new CopyOnWriteArrayList<>();
    try (ScriptedServer server = answering(heads)) {
      RequestRecord r =
          OneRequest.to(server.baseUri()).withHeaders(Map.of("X Note", "a")).send(client, 10);
      assertFalse(r.ok());
      assertTrue(r.error().contains("'X Note' is not an HTTP token"), r.error());
      assertEquals(List.of(), heads);
    }
  }
}
