package io.tokenload.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tokenload.stream.Chunk.StreamError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads one {@code data} payload of an OpenAI-compatible completion stream into a {@link Chunk}.
 *
 * <p>It uses Jackson's streaming {@link JsonParser}, reads only the fields below and skips every
 * other field and subtree unread, so it allocates little more than the strings it returns.
 *
 * <ul>
 *   <li>{@code chat.completion.chunk}: {@code choices[0].delta.content}, {@code
 *       delta.reasoning_content} or {@code delta.reasoning} (vLLM's and others' names for reasoning
 *       text), {@code delta.role}, {@code choices[0].finish_reason}; {@code text_completion}:
 *       {@code choices[0].text}. A whole non-stream {@code chat.completion} reads the same way from
 *       {@code choices[0].message}. Only the first choice is read: tokenload asks for {@code n=1}.
 *   <li>{@code id}, and {@code usage.prompt_tokens} / {@code usage.completion_tokens}: present on
 *       every chunk with vLLM's {@code continuous_usage_stats}, or only on a last chunk whose
 *       {@code choices} is {@code []} ({@code stream_options.include_usage}); {@code "usage": null}
 *       is absent.
 * </ul>
 *
 * <p>The LLM stream rules, after openai-java's {@code SseHandler}:
 *
 * <ul>
 *   <li>The literal {@code [DONE]} is the terminator: the stream ended cleanly and nothing after it
 *       is a chunk ({@link Chunk.Kind#DONE}).
 *   <li>An {@code error} object in the stream, {@code {"error":{"message","type","code"}}} (or a
 *       bare string), or a top-level {@code {"object":"error","message",...}} as older vLLM sends,
 *       is a failure: {@link Chunk.Kind#ERROR} with the server's type, message and code.
 *   <li>Anything else that is not a JSON object of this shape is {@link Chunk.Kind#MALFORMED}, with
 *       a reason naming the place (JSON path or line and column) and quoting the payload's start.
 * </ul>
 *
 * <p>Pure and thread-safe.
 */
public final class ChunkParser {

  private static final JsonFactory JSON = new JsonFactory();
  private static final String DONE = "[DONE]";
  private static final byte[] DONE_BYTES = DONE.getBytes(StandardCharsets.US_ASCII);
  private static final int QUOTED_CHARS = 80;
  private static final char[] ERROR = "error".toCharArray();

  private ChunkParser() {}

  /** Reads one payload; never throws for bad input, which becomes {@link Chunk#malformed}. */
  public static Chunk parse(String data) {
    byte[] utf8 = data.getBytes(StandardCharsets.UTF_8);
    return parse(utf8, 0, utf8.length);
  }

  /**
   * Reads one payload from {@code length} UTF-8 bytes of {@code data} at {@code offset}, as {@link
   * #parse(String)} does, without decoding it into a string first: the stream path hands over the
   * SSE decoder's buffer, so a chunk costs no more than the strings it returns.
   */
  public static Chunk parse(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (isDone(data, offset, length)) {
      return Chunk.done();
    }
    if (isBlank(data, offset, length)) {
      return Chunk.malformed("empty data, expected a JSON object or [DONE]");
    }
    try (JsonParser p = JSON.createParser(data, offset, length)) {
      return readChunk(p);
    } catch (BadShape e) {
      return Chunk.malformed(e.getMessage() + "; data: " + quote(data, offset, length));
    } catch (JsonProcessingException e) {
      return Chunk.malformed(
          String.format(
              "invalid JSON at line %d, column %d (%s); data: %s",
              e.getLocation().getLineNr(),
              e.getLocation().getColumnNr(),
              jacksonProblem(e),
              quote(data, offset, length)));
    } catch (IOException e) {
      throw new UncheckedIOException("reading a byte array cannot fail with I/O", e);
    }
  }

  /** True for the {@code [DONE]} terminator, with or without surrounding whitespace. */
  private static boolean isDone(byte[] data, int offset, int length) {
    int start = offset;
    int end = offset + length;
    while (start < end && isWhitespace(data[start])) {
      start++;
    }
    while (end > start && isWhitespace(data[end - 1])) {
      end--;
    }
    return Arrays.equals(data, start, end, DONE_BYTES, 0, DONE_BYTES.length);
  }

  /**
   * True when the payload is only whitespace: a keep-alive, not a chunk. Bytes of characters beyond
   * ASCII are never blank here; such a payload fails as JSON instead.
   */
  public static boolean isBlank(byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      if (!isWhitespace(data[i])) {
        return false;
      }
    }
    return true;
  }

  /** ASCII whitespace as {@link Character#isWhitespace} sees it. */
  private static boolean isWhitespace(byte b) {
    return b == ' ' || (b >= '\t' && b <= '\r') || (b >= 0x1C && b <= 0x1F);
  }

  /** Fields seen so far in one payload. */
  private static final class Fields {
    String id;
    boolean objectIsError;
    String role;
    String content;
    String reasoning;
    String finishReason;
    int choiceCount;
    int promptTokens = -1;
    int cachedTokens = -1;
    int completionTokens = -1;
    StreamError error;
    String topType;
    String topMessage;
    String topCode;
  }

  private static Chunk readChunk(JsonParser p) throws IOException, BadShape {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      throw new BadShape("the payload must be a JSON object or [DONE], got " + describe(first));
    }
    Fields f = new Fields();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> f.id = scalar(p, t);
        case "object" -> f.objectIsError = isError(p, t);
        case "choices" -> readChoices(p, t, f);
        case "usage" -> readUsage(p, t, f);
        case "error" -> f.error = readError(p, t);
        case "type" -> f.topType = scalar(p, t);
        case "message" -> f.topMessage = scalar(p, t);
        case "code" -> f.topCode = scalar(p, t);
        default -> p.skipChildren();
      }
    }
    JsonToken trailing = p.nextToken();
    if (trailing != null) {
      throw new BadShape(
          "the payload must be one JSON object, found " + describe(trailing) + " after it");
    }
    if (f.error != null) {
      return Chunk.error(f.id, f.error);
    }
    if (f.objectIsError) {
      return Chunk.error(f.id, new StreamError(f.topType, f.topMessage, f.topCode));
    }
    return new Chunk(
        Chunk.Kind.DATA,
        f.id,
        f.role,
        f.content,
        f.reasoning,
        f.finishReason,
        f.choiceCount,
        f.promptTokens,
        f.completionTokens,
        null,
        null,
        f.cachedTokens);
  }

  private static void readChoices(JsonParser p, JsonToken t, Fields f)
      throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expect(t, JsonToken.START_ARRAY, "$.choices", "an array or null");
    for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
      if (f.choiceCount++ > 0) {
        p.skipChildren();
        continue;
      }
      expect(e, JsonToken.START_OBJECT, "$.choices[0]", "an object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        switch (name) {
          case "delta" -> readDelta(p, v, f, "$.choices[0].delta");
          case "message" -> readDelta(p, v, f, "$.choices[0].message");
          case "text" -> f.content = string(p, v, "$.choices[0]", ".text");
          case "finish_reason" -> f.finishReason = string(p, v, "$.choices[0]", ".finish_reason");
          default -> p.skipChildren();
        }
      }
    }
  }

  private static void readDelta(JsonParser p, JsonToken t, Fields f, String path)
      throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expect(t, JsonToken.START_OBJECT, path, "an object or null");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "content" -> f.content = string(p, v, path, ".content");
        case "role" -> f.role = string(p, v, path, ".role");
        case "reasoning_content", "reasoning" -> {
          String reasoning = string(p, v, path, "." + name);
          if (f.reasoning == null) {
            f.reasoning = reasoning;
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void readUsage(JsonParser p, JsonToken t, Fields f) throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expect(t, JsonToken.START_OBJECT, "$.usage", "an object or null");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "prompt_tokens" -> f.promptTokens = count(p, v, "$.usage.prompt_tokens");
        case "completion_tokens" -> f.completionTokens = count(p, v, "$.usage.completion_tokens");
        case "prompt_tokens_details" -> readPromptDetails(p, v, f);
        default -> p.skipChildren();
      }
    }
  }

  /**
   * {@code usage.prompt_tokens_details}: OpenAI's and vLLM's {@code cached_tokens}; null is none.
   */
  private static void readPromptDetails(JsonParser p, JsonToken t, Fields f)
      throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    expect(t, JsonToken.START_OBJECT, "$.usage.prompt_tokens_details", "an object or null");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      if (name.equals("cached_tokens")) {
        f.cachedTokens = count(p, v, "$.usage.prompt_tokens_details.cached_tokens");
      } else {
        p.skipChildren();
      }
    }
  }

  private static StreamError readError(JsonParser p, JsonToken t) throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING) {
      return new StreamError(null, p.getText(), null);
    }
    expect(t, JsonToken.START_OBJECT, "$.error", "an object, a string or null");
    String type = null;
    String message = null;
    String code = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken v = p.nextToken();
      switch (name) {
        case "type" -> type = scalar(p, v);
        case "message" -> message = scalar(p, v);
        case "code" -> code = scalar(p, v);
        default -> p.skipChildren();
      }
    }
    return new StreamError(type, message, code);
  }

  /**
   * A string value, or null for JSON null; anything else is malformed, and only then is the field's
   * path ({@code parent + field}) put together: this runs for every chunk.
   */
  private static String string(JsonParser p, JsonToken t, String parent, String field)
      throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      expect(t, JsonToken.VALUE_STRING, parent + field, "a string or null");
    }
    return p.getText();
  }

  /**
   * Whether {@code object} is the string {@code "error"} (older vLLM's error payload), read in
   * place: every chunk carries {@code object}, and only this value of it matters.
   */
  private static boolean isError(JsonParser p, JsonToken t) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      p.skipChildren();
      return false;
    }
    return p.getTextLength() == ERROR.length
        && Arrays.equals(
            p.getTextCharacters(),
            p.getTextOffset(),
            p.getTextOffset() + ERROR.length,
            ERROR,
            0,
            ERROR.length);
  }

  /** A token count, or -1 for JSON null; anything else is malformed. */
  private static int count(JsonParser p, JsonToken t, String path) throws IOException, BadShape {
    if (t == JsonToken.VALUE_NULL) {
      return -1;
    }
    expect(t, JsonToken.VALUE_NUMBER_INT, path, "a non-negative integer or null");
    int value = p.getIntValue();
    if (value < 0) {
      throw new BadShape(path + " must be a non-negative integer or null, got " + value);
    }
    return value;
  }

  /** The text of a scalar (codes come as numbers or strings); null for null, objects and arrays. */
  private static String scalar(JsonParser p, JsonToken t) throws IOException {
    if (t.isScalarValue() && t != JsonToken.VALUE_NULL) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static void expect(JsonToken actual, JsonToken wanted, String path, String allowed)
      throws BadShape {
    if (actual != wanted) {
      throw new BadShape(path + " must be " + allowed + ", got " + describe(actual));
    }
  }

  private static String describe(JsonToken t) {
    if (t == null) {
      return "end of input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.name();
    };
  }

  /** Jackson's description of the problem, without the location it appends in parentheses. */
  private static String jacksonProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    int cut = message.indexOf('\n');
    message = cut < 0 ? message : message.substring(0, cut);
    cut = message.indexOf(" (start marker at ");
    return cut < 0 ? message : message.substring(0, cut);
  }

  /** The payload's first {@value #QUOTED_CHARS} characters, quoted, line ends escaped. */
  private static String quote(byte[] data, int offset, int length) {
    int bytes = Math.min(length, 4 * QUOTED_CHARS); // enough for the characters quoted
    String text = new String(data, offset, bytes, StandardCharsets.UTF_8);
    boolean more = bytes < length || text.length() > QUOTED_CHARS;
    String head = text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) : text;
    return '"' + head.replace("\r", "\\r").replace("\n", "\\n") + (more ? "..." : "") + '"';
  }

  /** A payload that is JSON but not of the expected shape. */
  private static final class BadShape extends Exception {
    BadShape(String message) {
      super(message, null, false, false);
    }
  }
}
