package io.tokenload.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.stream.Chunk.Kind;
import io.tokenload.stream.Chunk.StreamError;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChunkParserTest {

  @Test
  void readsChatCompletionChunk() {
    Chunk c =
        ChunkParser.parse(
"""
{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"m",\
"choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}]}""");
    assertEquals(Kind.DATA, c.kind());
    assertEquals("chatcmpl-1", c.responseId());
    assertEquals("Hello", c.content());
    assertNull(c.reasoning());
    assertNull(c.finishReason());
    assertEquals(1, c.choiceCount());
    assertEquals(-1, c.completionTokens());
    assertTrue(c.hasText());
  }

  @Test
  void roleOnlyChunkHasNoText() {
    Chunk c =
        ChunkParser.parse("{\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}");
    assertEquals("assistant", c.role());
    assertEquals("", c.content());
    assertFalse(c.hasText());
  }

  @Test
  void readsFinishReason() {
    Chunk c = ChunkParser.parse("{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}]}");
    assertEquals("length", c.finishReason());
    assertFalse(c.hasText());
  }

  @Test
  void readsTextCompletionChunk() {
    Chunk c =
        ChunkParser.parse(
            "{\"id\":\"cmpl-2\",\"object\":\"text_completion\",\"choices\":[{\"index\":0,"
                + "\"text\":\" world\",\"logprobs\":null,\"finish_reason\":null}]}");
    assertEquals("cmpl-2", c.responseId());
    assertEquals(" world", c.content());
    assertTrue(c.hasContent());
  }

  @Test
  void readsReasoningContent() {
    Chunk c =
        ChunkParser.parse(
            "{\"choices\":[{\"delta\":{\"reasoning_content\":\"Let me"
                + " think\",\"content\":null}}]}");
    assertEquals("Let me think", c.reasoning());
    assertNull(c.content());
    assertTrue(c.hasText());
    assertFalse(c.hasContent());
  }

  @Test
  void readsReasoning() {
    Chunk c = ChunkParser.parse("{\"choices\":[{\"delta\":{\"reasoning\":\"Hmm\"}}]}");
    assertEquals("Hmm", c.reasoning());
    assertEquals("Hmm", c.text());
  }

  @Test
  void readsUsageOnlyChunkWithEmptyChoices() {
    Chunk c =
        ChunkParser.parse(
            "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":128,"
                + "\"completion_tokens\":64,\"total_tokens\":192}}");
    assertEquals(Kind.DATA, c.kind());
    assertEquals(0, c.choiceCount());
    assertEquals(128, c.promptTokens());
    assertEquals(64, c.completionTokens());
    assertFalse(c.hasText());
  }

  @Test
  void readsContinuousUsageBesideContent() {
    Chunk c =
        ChunkParser.parse(
            "{\"choices\":[{\"delta\":{\"content\":\" a b\"}}],"
                + "\"usage\":{\"prompt_tokens\":10,\"total_tokens\":13,\"completion_tokens\":3}}");
    assertEquals(" a b", c.content());
    assertEquals(10, c.promptTokens());
    assertEquals(3, c.completionTokens());
  }

  @Test
  void nullUsageIsAbsent() {
    Chunk c = ChunkParser.parse("{\"choices\":[{\"delta\":{\"content\":\"x\"}}],\"usage\":null}");
    assertEquals(-1, c.promptTokens());
    assertEquals(-1, c.completionTokens());
  }

  @Test
  void readsNonStreamMessage() {
    Chunk c =
        ChunkParser.parse(
            "{\"object\":\"chat.completion\",\"choices\":[{\"message\":{\"role\":\"assistant\","
                + "\"content\":\"all of it\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":3}}");
    assertEquals("all of it", c.content());
    assertEquals("stop", c.finishReason());
    assertEquals(3, c.completionTokens());
  }

  @Test
  void skipsUnknownFieldsAndSubtrees() {
    Chunk c =
        ChunkParser.parse(
            "{\"system_fingerprint\":\"fp\",\"choices\":[{\"index\":0,\"logprobs\":{\"content\":"
                + "[{\"token\":\"x\",\"top_logprobs\":[{\"token\":\"y\",\"logprob\":-1.5}]}]},"
                + "\"delta\":{\"tool_calls\":[{\"function\":{\"arguments\":\"{}\"}}],"
                + "\"content\":\"ok\"}},{\"index\":1,\"delta\":{\"content\":\"second\"}}],"
                + "\"extra\":[1,[2,{\"content\":\"no\"}]]}");
    assertEquals("ok", c.content());
    assertEquals(2, c.choiceCount());
  }

  @Test
  void readsErrorObject() {
    Chunk c =
        ChunkParser.parse(
            "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_error\","
                + "\"param\":null,\"code\":429}}");
    assertEquals(Kind.ERROR, c.kind());
    assertEquals(new StreamError("rate_limit_error", "Rate limit reached", "429"), c.error());
    assertEquals("rate_limit_error (code 429): Rate limit reached", c.error().describe());
  }

  @Test
  void readsTopLevelVllmError() {
    Chunk c =
        ChunkParser.parse(
            "{\"object\":\"error\",\"message\":\"too long\",\"type\":\"BadRequestError\","
                + "\"param\":null,\"code\":400}");
    assertEquals(Kind.ERROR, c.kind());
    assertEquals(new StreamError("BadRequestError", "too long", "400"), c.error());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"errors\"", "\"erro\"", "\"Error\"", "null", "5", "{\"a\":1}"})
  void onlyTheObjectErrorMakesAnError(String object) {
    Chunk c =
        ChunkParser.parse(
            "{\"object\":" + object + ",\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}");
    assertEquals(Kind.DATA, c.kind(), object);
    assertEquals("Hi", c.content(), object);
  }

  @Test
  void readsErrorString() {
    Chunk c =
        ChunkParser.parse("{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}");
    assertEquals(Kind.ERROR, c.kind());
    assertEquals("Model is overloaded", c.error().describe());
  }

  @Test
  void recognisesDone() {
    assertSame(Kind.DONE, ChunkParser.parse("[DONE]").kind());
    assertSame(Kind.DONE, ChunkParser.parse(" [DONE] ").kind());
  }

  /** Payloads that are not a chunk, and what the reason must say. */
  enum Malformed {
    TRUNCATED_JSON("{\"choices\":[{\"delta\":{\"content\":\"Hel", "invalid JSON at line 1, column"),
    NOT_JSON("Hello world", "invalid JSON at line 1, column 1 (Unrecognized token 'Hello'"),
    TRAILING_GARBAGE("{\"choices\":[]} x", "invalid JSON at line 1, column 16"),
    SECOND_OBJECT("{}{}", "the payload must be one JSON object, found an object after it"),
    NOT_AN_OBJECT("[1,2]", "the payload must be a JSON object or [DONE], got an array"),
    NUMBER("42", "the payload must be a JSON object or [DONE], got a number"),
    EMPTY("", "empty data, expected a JSON object or [DONE]"),
    CHOICES_NOT_ARRAY("{\"choices\":{}}", "$.choices must be an array or null, got an object"),
    CHOICE_NOT_OBJECT("{\"choices\":[\"x\"]}", "$.choices[0] must be an object, got a string"),
    DELTA_NOT_OBJECT("{\"choices\":[{\"delta\":[]}]}", "$.choices[0].delta must be an object"),
    CONTENT_NOT_STRING(
        "{\"choices\":[{\"delta\":{\"content\":5}}]}",
        "$.choices[0].delta.content must be a string or null, got a number"),
    TOKENS_NOT_INTEGER(
        "{\"usage\":{\"completion_tokens\":\"3\"}}",
        "$.usage.completion_tokens must be a non-negative integer or null, got a string"),
    TOKENS_NEGATIVE(
        "{\"usage\":{\"prompt_tokens\":-2}}",
        "$.usage.prompt_tokens must be a non-negative integer or null, got -2");

    final String data;
    final String reason;

    Malformed(String data, String reason) {
      this.data = data;
      this.reason = reason;
    }
  }

  @ParameterizedTest
  @EnumSource(Malformed.class)
  void malformedPayloadGivesReason(Malformed m) {
    Chunk c = ChunkParser.parse(m.data);
    assertEquals(Kind.MALFORMED, c.kind());
    assertTrue(c.malformedReason().startsWith(m.reason), c.malformedReason());
  }

  @Test
  void malformedReasonQuotesTheFirst80Chars() {
    String data = "{\"choices\":[{\"delta\":{\"content\":\"" + "a".repeat(200);
    String reason = ChunkParser.parse(data).malformedReason();
    assertTrue(reason.endsWith("; data: \"" + data.substring(0, 80) + "...\""), reason);
  }

  @Test
  void readsAWindowOfABiggerBuffer() {
    String chunk =
        "{\"id\":\"c1\",\"choices\":[{\"delta\":{\"content\":\"h\u00e9\"}}],"
            + "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2}}";
    byte[] json = chunk.getBytes(UTF_8);
    byte[] buf = new byte[json.length + 20];
    Arrays.fill(buf, (byte) '}'); // bytes either side that would spoil the JSON if read
    System.arraycopy(json, 0, buf, 10, json.length);

    Chunk c = ChunkParser.parse(buf, 10, json.length);

    assertEquals(ChunkParser.parse(chunk), c);
    assertEquals("h\u00e9", c.content());
    assertEquals(2, c.completionTokens());
  }

  @Test
  void bytesRecogniseDoneAndBlank() {
    byte[] buf = "x \t[DONE]\r\n x".getBytes(UTF_8);
    assertSame(Kind.DONE, ChunkParser.parse(buf, 1, buf.length - 2).kind());
    assertTrue(ChunkParser.isBlank(buf, 1, 2));
    assertFalse(ChunkParser.isBlank(buf, 1, 3));
    assertSame(Kind.MALFORMED, ChunkParser.parse(buf, 1, 2).kind());
  }

  @Test
  void malformedReasonCutsMultiByteTextAtCharacters() {
    String data = "{\"choices\":[{\"delta\":{\"content\":\"" + "\u00e9\u4e2d".repeat(100);
    String reason = ChunkParser.parse(data).malformedReason();
    assertTrue(reason.endsWith("; data: \"" + data.substring(0, 80) + "...\""), reason);
  }
}
