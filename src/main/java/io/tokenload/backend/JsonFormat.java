package io.tokenload.backend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.stream.Chunk;
import io.tokenload.stream.StreamFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A {@link StreamFormat} whose events are JSON objects read into a tree: the protocols other than
 * OpenAI's, whose streams are not hot enough to need {@link io.tokenload.stream.ChunkParser}'s
 * streaming parse. Bad JSON, a payload that is not an object, and an {@code error} field ({@link
 * #error}) are handled here once for all of them; the literal {@code [DONE]} is {@link
 * Chunk.Kind#DONE}.
 *
 * @param framing SSE or NDJSON
 * @param endsAtClose the protocol has no terminator ({@link StreamFormat#endsAtClose})
 * @param events makes one response's event reader (it may keep state across events)
 * @param whole reads a whole non-streamed answer
 * @param name for messages and {@code toString}
 */
public record JsonFormat(
    Framing framing,
    boolean endsAtClose,
    Supplier<Events> events,
    Function<JsonNode, Chunk> whole,
    String name)
    implements StreamFormat {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUOTED_CHARS = 80;

  /** Reads one event's JSON object of one response. */
  @FunctionalInterface
  public interface Events {
    /** What the event says, or null when it says nothing to measure. */
    Chunk read(String event, JsonNode node);
  }

  public JsonFormat {
    Objects.requireNonNull(framing, "framing");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(whole, "whole");
  }

  @Override
  public Reader newReader() {
    Events reader = events.get();
    return (event, data, offset, length) -> {
      String text = new String(data, offset, length, StandardCharsets.UTF_8).strip();
      if ("[DONE]".equals(text)) {
        return Chunk.done();
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (JsonProcessingException e) {
        return Chunk.malformed(
            "invalid JSON ("
                + e.getOriginalMessage().lines().findFirst().orElse("")
                + "); data: "
                + quote(text));
      }
      if (node == null || !node.isObject()) {
        return Chunk.malformed(name + " events must be JSON objects; data: " + quote(text));
      }
      Chunk error = error(node);
      return error != null ? error : reader.read(event, node);
    };
  }

  @Override
  public Chunk readWhole(byte[] body, int offset, int length) {
    try {
      JsonNode node = JSON.readTree(body, offset, length);
      if (node == null || !node.isObject()) {
        return Chunk.malformed(name + " answers must be a JSON object");
      }
      Chunk error = error(node);
      return error != null ? error : whole.apply(node);
    } catch (IOException e) {
      return Chunk.malformed("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
  }

  /**
   * The in-band error of a payload, or null: {@code "error"} as an object ({@code type}, {@code
   * message}, {@code code} or {@code status}) or a string (with TGI's {@code error_type} beside
   * it).
   */
  static Chunk error(JsonNode node) {
    JsonNode error = node.get("error");
    if (error == null || error.isNull()) {
      return null;
    }
    if (error.isTextual()) {
      return Chunk.error(
          null, new Chunk.StreamError(text(node, "error_type"), error.asText(), null));
    }
    String code = text(error, "code");
    return Chunk.error(
        null,
        new Chunk.StreamError(
            text(error, "type") != null ? text(error, "type") : text(error, "status"),
            text(error, "message"),
            code));
  }

  /** A field's text, or null when absent or null. */
  static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** A field's whole number, or -1 when absent or not a number. */
  static int count(JsonNode node, String field) {
    JsonNode v = node.path(field);
    return v.isIntegralNumber() ? v.intValue() : -1;
  }

  private static String quote(String text) {
    String head = text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "..." : text;
    return '"' + head.replace("\r", "\\r").replace("\n", "\\n") + '"';
  }

  @Override
  public String toString() {
    return name;
  }
}
