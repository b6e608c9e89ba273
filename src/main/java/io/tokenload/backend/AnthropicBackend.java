package io.tokenload.backend;

import static io.tokenload.backend.JsonFormat.count;
import static io.tokenload.backend.JsonFormat.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.stream.Chunk;
import io.tokenload.stream.StreamFormat;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Anthropic's Messages API: {@code POST /v1/messages} with {@code x-api-key} and {@code
 * anthropic-version: 2023-06-01}, and an SSE stream with event names: {@code message_start} (input
 * tokens), {@code content_block_delta} ({@code text_delta} text, {@code thinking_delta} reasoning),
 * {@code message_delta} (stop reason, output tokens), {@code message_stop} (the end); {@code ping}
 * and block starts and stops say nothing; an {@code error} event fails the request. {@code
 * max_tokens} caps the output; nothing forces it.
 */
public final class AnthropicBackend implements Backend {

  static final String VERSION = "2023-06-01";

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          false,
          () -> AnthropicBackend::event,
          AnthropicBackend::whole,
          "anthropic");

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    return Urls.join(base, "/v1/messages");
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "/messages", "/v1/models"));
  }

  @Override
  public Optional<URI> defaultBaseUrl() {
    return Optional.of(URI.create("https://api.anthropic.com"));
  }

  @Override
  public Auth auth() {
    return Auth.header("x-api-key", Map.of("anthropic-version", VERSION));
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    return Bodies.map(
        "model", request.model(),
        "max_tokens", request.outputTokens(),
        "messages", request.conversation(),
        "temperature", 0,
        "stream", request.stream());
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }

  /** Messages go through the model's chat template; usage.input_tokens counts it. */
  @Override
  public boolean chatTemplate() {
    return true;
  }

  private static Chunk event(String event, JsonNode node) {
    String type = text(node, "type");
    if (type == null) {
      type = event;
    }
    return switch (type) {
      case "message_start" -> {
        JsonNode message = node.path("message");
        yield Chunk.data(
            false,
            text(message, "id"),
            null,
            null,
            null,
            count(message.path("usage"), "input_tokens"),
            -1);
      }
      case "content_block_delta" -> {
        JsonNode delta = node.path("delta");
        yield switch (String.valueOf(text(delta, "type"))) {
          case "text_delta" -> Chunk.data(false, null, text(delta, "text"), null, null, -1, -1);
          case "thinking_delta" ->
              Chunk.data(false, null, null, text(delta, "thinking"), null, -1, -1);
          default -> null; // tool input JSON, signatures: not text
        };
      }
      case "message_delta" ->
          Chunk.data(
              false,
              null,
              null,
              null,
              text(node.path("delta"), "stop_reason"),
              count(node.path("usage"), "input_tokens"),
              count(node.path("usage"), "output_tokens"));
      case "message_stop" -> Chunk.done();
      default -> null; // ping, content_block_start, content_block_stop
    };
  }

  private static Chunk whole(JsonNode node) {
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    for (JsonNode block : node.path("content")) {
      if ("text".equals(text(block, "type"))) {
        text.append(block.path("text").asText());
      } else if ("thinking".equals(text(block, "type"))) {
        thinking.append(block.path("thinking").asText());
      }
    }
    return Chunk.data(
        true,
        text(node, "id"),
        text.toString(),
        thinking.isEmpty() ? null : thinking.toString(),
        text(node, "stop_reason"),
        count(node.path("usage"), "input_tokens"),
        count(node.path("usage"), "output_tokens"));
  }
}
