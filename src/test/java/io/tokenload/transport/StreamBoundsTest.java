package io.tokenload.transport;

import static io.tokenload.testing.ScriptedServer.DONE_EVENT;
import static io.tokenload.testing.ScriptedServer.chunk;
import static io.tokenload.testing.ScriptedServer.contentEvent;
import static io.tokenload.testing.ScriptedServer.endChunks;
import static io.tokenload.testing.ScriptedServer.streamHead;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.testing.OneRequest;
import io.tokenload.testing.ScriptedServer;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams that do not end as they should, against a scripted server over a real socket: each is
 * ended at {@code [DONE]} or cut at a documented limit, failing that request with the reason, and
 * the run goes on.
 */
class StreamBoundsTest {

  private static StreamClient client;

  @BeforeAll
  static void startClient() {
    client = StreamClient.create(1);
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  private static void threeChunks(OutputStream out) throws Exception {
    streamHead(out);
    for (String word : new String[] {"one ", "two ", "three"}) {
      chunk(out, contentEvent(word));
    }
    chunk(out, DONE_EVENT);
  }

  @Test
  void aStreamEndsAtDoneWhenTheServerKeepsTheConnectionOpen() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              threeChunks(out);
              Thread.sleep(60_000); // no last chunk: the response never ends
              return false;
            })) {
      OneRequest request = OneRequest.to(server.baseUri()).withIdleTimeout(Duration.ofSeconds(60));
      // Waits 20 s at most, well below the 60 s idle timeout that used to end such requests.
      RequestRecord first = request.send(client, 20);
      RequestRecord second = request.send(client, 20);
      assertTrue(first.ok(), first.error());
      assertEquals(3, first.chunkNanos().length);
      assertTrue(second.ok(), second.error());
      assertEquals(2, server.connections(), "the held connection cannot be reused");
    }
  }

  @Test
  void aConnectionIsReusedWhenTheServerEndsTheResponseAfterDone() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              threeChunks(out);
              Thread.sleep(20); // the last chunk comes in a later read than [DONE]
              endChunks(out);
              return true;
            })) {
      OneRequest request = OneRequest.to(server.baseUri());
      for (int i = 0; i < 3; i++) {
        RequestRecord r = request.send(client, 20);
        assertTrue(r.ok(), r.error());
        Thread.sleep(50); // let the response's end return the connection to the pool
      }
      assertEquals(1, server.connections());
    }
  }

  @Test
  void headersArrivingOneByteAtATimeAreNotIdle() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              byte[] slow =
                  "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                      .getBytes(UTF_8);
              for (byte b : slow) { // 88 bytes, 20 ms apart: 1.8 s against a 300 ms idle timeout
                out.write(b);
                out.flush();
                Thread.sleep(20);
              }
              chunk(out, contentEvent("late"));
              chunk(out, DONE_EVENT);
              endChunks(out);
              return true;
            })) {
      RequestRecord r =
          OneRequest.to(server.baseUri()).withIdleTimeout(Duration.ofMillis(300)).send(client, 30);
      assertTrue(r.ok(), r.error());
    }
  }

  @Test
  void aStreamThatNeverEndsIsCutAtTheMaxStreamTime() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              streamHead(out);
              chunk(out, contentEvent("a"));
              while (true) { // comments keep the idle timer quiet, forever
                chunk(out, ": keep-alive\n\n");
                Thread.sleep(20);
              }
            })) {
      StreamLimits limits = new StreamLimits(Duration.ofMillis(500), 1 << 20, 4);
      RequestRecord r = OneRequest.to(server.baseUri()).withLimits(limits).send(client, 20);
      assertFalse(r.ok());
      assertTrue(
          r.error().startsWith("stream cut at the max stream time of 0.5 s (stream.max.s)"),
          r.error());
      assertEquals(1, r.chunkNanos().length, "what came before the cut is kept");
    }
  }

  @Test
  void tokensForeverAreCutAtTheOutputLimit() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              streamHead(out);
              while (true) {
                chunk(out, contentEvent("more "));
              }
            })) {
      RequestRecord r = OneRequest.to(server.baseUri()).send(client, 20); // 16 asked
      assertFalse(r.ok());
      assertTrue(
          r.error()
              .startsWith(
                  "stream carried more than 64 output tokens for 16 asked"
                      + " (stream.max.output.ratio 4.0) after 65 chunks"),
          r.error());
      assertEquals(65, r.chunkNanos().length);
    }
  }

  @Test
  void anEndlessLineIsCutAtTheLineLimit() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (head, body, out) -> {
              streamHead(out);
              chunk(out, contentEvent("a"));
              chunk(out, "data: ");
              byte[] xs = new byte[8192];
              Arrays.fill(xs, (byte) 'x');
              String block = new String(xs, UTF_8);
              while (true) { // no newline, ever
                chunk(out, block);
              }
            })) {
      StreamLimits limits = new StreamLimits(Duration.ofMinutes(1), 64 * 1024, 4);
      RequestRecord r = OneRequest.to(server.baseUri()).withLimits(limits).send(client, 20);
      assertFalse(r.ok());
      assertEquals(
          "an event-stream line or event exceeds 65536 bytes (stream.max.line.kb) after 1 chunk",
          r.error());
    }
  }
}
