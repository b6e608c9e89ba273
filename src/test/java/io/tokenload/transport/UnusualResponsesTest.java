package io.tokenload.transport;

import static io.tokenload.testing.ScriptedServer.DONE_EVENT;
import static io.tokenload.testing.ScriptedServer.chunk;
import static io.tokenload.testing.ScriptedServer.contentEvent;
import static io.tokenload.testing.ScriptedServer.endChunks;
import static io.tokenload.testing.ScriptedServer.head;
import static io.tokenload.testing.ScriptedServer.streamHead;
import static io.tokenload.testing.ScriptedServer.whole;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.testing.OneRequest;
import io.tokenload.testing.ScriptedServer;
import io.tokenload.tokenizer.WordTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Responses that differ from vLLM's, from a scripted server over a real socket: each either is
 * measured honestly or fails with a reason that names what was wrong, never "stream ended before
 * [DONE] after 0 chunks".
 */
class UnusualResponsesTest {

  private static final String KEY = "sk-test-0123456789abcdef";
  private static StreamClient client;

  @BeforeAll
  static void startClient() {
    client = StreamClient.create(1);
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }

  private static RequestRecord answer(ScriptedServer.Script script) throws Exception {
    try (ScriptedServer server = ScriptedServer.start(script)) {
      return OneRequest.to(server.baseUri()).send(client, 20);
    }
  }

  @Test
  void aRedirectFailsNamingItsLocation() throws Exception {
    RequestRecord r =
        answer(
            (h, b, out) -> {
              head(out, "307 Temporary Redirect", "Location: http://other:9/v1/chat/completions");
              return false;
            });
    assertFalse(r.ok());
    assertEquals(307, r.httpStatus());
    assertEquals(
        "HTTP 307 redirect to http://other:9/v1/chat/completions, not followed: point the URL at"
            + " it",
        r.error());
  }

  @Test
  void anHtmlPageFailsNamingItsContentType() throws Exception {
    RequestRecord r =
        answer(
            (h, b, out) -> {
              whole(out, "200 OK", "text/html; charset=utf-8", "<html><body>login</body></html>");
              return true;
            });
    assertFalse(r.ok());
    assertEquals(
        "HTTP 200 with Content-Type text/html; charset=utf-8, not text/event-stream: not an event"
            + " stream",
        r.error());
  }

  @Test
  void aContentEncodingNotAskedForFailsNamingIt() throws Exception {
    RequestRecord r =
        answer(
            (h, b, out) -> {
              head(
                  out,
                  "200 OK",
                  "Content-Type: text/event-stream",
                  "Content-Encoding: gzip",
                  "Content-Length: 4");
              out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0});
              return true;
            });
    assertFalse(r.ok());
    assertEquals(
        "HTTP 200 with Content-Encoding gzip, which tokenload neither asks for nor decodes",
        r.error());
  }

  @Test
  void aWholeJsonAnswerToAStreamedRequestFailsWithoutFakeGaps() throws Exception {
    String completion =
        "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"a b c\"},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":120}}";
    RequestRecord r =
        answer(
            (h, b, out) -> {
              whole(out, "200 OK", "application/json", completion);
              return true;
            });
    assertFalse(r.ok());
    assertEquals(
        "HTTP 200 answered with one JSON completion, not an event stream: the server ignored"
            + " stream=true, so TTFT and ITL cannot be measured",
        r.error());
    assertEquals(-1, r.firstTokenNanos());
    assertEquals(0, r.chunkNanos().length, "no chunk, so no ITL sample");
  }

  @Test
  void aKeyEchoedInAnHttpErrorIsBlanked() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (h, b, out) -> {
              whole(
                  out,
                  "401 Unauthorized",
                  "application/json",
                  "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + ".\"}}");
              return true;
            })) {
      RequestRecord r =
          OneRequest.to(server.baseUri()).withRedactor(Redactor.of(KEY)).send(client, 20);
      assertEquals("HTTP 401: Incorrect API key provided: [redacted].", r.error());
    }
  }

  @Test
  void aKeyEchoedInAStreamErrorIsBlanked() throws Exception {
    try (ScriptedServer server =
        ScriptedServer.start(
            (h, b, out) -> {
              streamHead(out);
              chunk(
                  out,
                  "data: {\"error\":{\"type\":\"auth\",\"message\":\"bad key " + KEY + "\"}}\n\n");
              endChunks(out);
              return true;
            })) {
      RequestRecord r =
          OneRequest.to(server.baseUri()).withRedactor(Redactor.of(KEY)).send(client, 20);
      assertEquals("stream error after 0 chunks: auth: bad key [redacted]", r.error());
    }
  }

  private static boolean usagelessStream(String h, String b, java.io.OutputStream out)
      throws Exception {
    streamHead(out);
    chunk(out, contentEvent("the quick "));
    chunk(out, contentEvent("brown fox jumps "));
    chunk(out, contentEvent("over"));
    chunk(out, DONE_EVENT);
    endChunks(out);
    return true;
  }

  @Test
  void aStreamWithoutUsageIsCountedByTheRunsTokenizer() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(UnusualResponsesTest::usagelessStream)) {
      RequestRecord r =
          OneRequest.to(server.baseUri()).withTokenizer(WordTokenizer.instance()).send(client, 20);
      assertTrue(r.ok(), r.error());
      assertEquals("tokenizer", r.tokenSource());
      assertArrayEquals(new int[] {2, 3, 1}, r.chunkTokens());
      assertEquals(6, r.outputTokens());
    }
  }

  @Test
  void aStreamWithoutUsageOrTokenizerIsCountedInChunksAndSaysSo() throws Exception {
    try (ScriptedServer server = ScriptedServer.start(UnusualResponsesTest::usagelessStream)) {
      RequestRecord r = OneRequest.to(server.baseUri()).send(client, 20);
      assertTrue(r.ok(), r.error());
      assertEquals("chunks", r.tokenSource());
      assertEquals(3, r.outputTokens());
    }
  }
}
