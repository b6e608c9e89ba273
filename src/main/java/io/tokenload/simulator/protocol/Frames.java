package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stream framings the protocols use, written as their servers write them: server-sent events
 * with or without an {@code event:} line, with {@code "data: "} or TGI's {@code "data:"}, ended by
 * a blank line ({@code \n\n}, or {@code \r\n\r\n} as Google's servers send), and newline-delimited
 * JSON.
 */
final class Frames {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
  static final String NDJSON = "application/x-ndjson";

  private Frames() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code data: JSON\n\n}. */
  static void sse(ByteBuf out, JsonNode json) {
    ascii(out, "data: ");
    out.writeBytes(bytes(json));
    ascii(out, "\n\n");
  }

  /** {@code event: NAME\ndata: JSON\n\n}. */
  static void sse(ByteBuf out, String event, JsonNode json) {
    ascii(out, "event: ");
    ascii(out, event);
    ascii(out, "\n");
    sse(out, json);
  }

  /** {@code data:JSON\n\n}: no space after the colon, as TGI's axum server writes it. */
  static void sseNoSpace(ByteBuf out, JsonNode json) {
    ascii(out, "data:");
    out.writeBytes(bytes(json));
    ascii(out, "\n\n");
  }

  /** {@code data: JSON\r\n\r\n}, as Google's Gemini API writes its events. */
  static void sseCrLf(ByteBuf out, JsonNode json) {
    ascii(out, "data: ");
    out.writeBytes(bytes(json));
    ascii(out, "\r\n\r\n");
  }

  /** {@code data: [DONE]\n\n}. */
  static void done(ByteBuf out) {
    ascii(out, "data: [DONE]\n\n");
  }

  /** {@code JSON\n}. */
  static void ndjson(ByteBuf out, JsonNode json) {
    out.writeBytes(bytes(json));
    out.writeByte('\n');
  }

  /** A body that is one JSON value. */
  static void json(ByteBuf out, JsonNode json) {
    out.writeBytes(bytes(json));
  }

  static byte[] bytes(JsonNode json) {
    try {
      return MAPPER.writeValueAsBytes(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void ascii(ByteBuf out, String text) {
    out.writeCharSequence(text, StandardCharsets.US_ASCII);
  }
}
