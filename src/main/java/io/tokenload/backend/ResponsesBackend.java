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
 * OpenAI's Responses API: {@code POST /v1/responses} with {@code input} and {@code
 * max_output_tokens}, streamed as SSE events named by their {@code type}: {@code
 * response.output_text.delta} (text), {@code response.reasoning_text.delta} and {@code
 * response.reasoning_summary_text.delta} (reasoning), {@code response.completed} or {@code
 * response.incomplete} (the end, with {@code response.usage.input_tokens} / {@code output_tokens}),
 * {@code response.failed} and {@code error} (failures). Other events say nothing to measure.
 */
public final class ResponsesBackend implements Backend {

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          false,
          () -> ResponsesBackend::event,
          ResponsesBackend::whole,
          "openai-responses");

  @Override
  public String name() {
    return "openai-responses";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    return Urls.join(base, "/v1/responses");
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "/responses", "/v1/models"));
  }

  @Override
  public Optional<URI> defaultBaseUrl() {
    return Optional.of(URI.create("https://api.openai.com/v1"));
  }

  @Override
  public Auth auth() {
    return Auth.BEARER;
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    Object input = request.messages() != null ? request.messages() : request.prompt();
    return Bodies.map(
        "model", request.model(),
        "input", input,
        "max_output_tokens", request.outputTokens(),
        "temperature", 0,
        "stream", request.stream());
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }

  /** Input goes through the model's chat template; usage.input_tokens counts it. */
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
      case "response.output_text.delta" ->
          Chunk.data(false, null, text(node, "delta"), null, null, -1, -1);
      case "response.reasoning_text.delta", "response.reasoning_summary_text.delta" ->
          Chunk.data(false, null, null, text(node, "delta"), null, -1, -1);
      case "response.completed", "response.incomplete" -> ended(node.path("response"));
      case "response.failed" -> {
        JsonNode error = node.path("response").path("error");
        yield Chunk.error(
            text(node.path("response"), "id"),
            new Chunk.StreamError(text(error, "code"), text(error, "message"), null));
      }
      case "error" ->
          Chunk.error(null, new Chunk.StreamError(text(node, "code"), text(node, "message"), null));
      default -> null;
    };
  }

  private static Chunk ended(JsonNode response) {
    JsonNode usage = response.path("usage");
    String reason = text(response.path("incomplete_details"), "reason");
    return Chunk.data(
        true,
        text(response, "id"),
        null,
        null,
        reason != null ? reason : text(response, "status"),
        count(usage, "input_tokens"),
        count(usage, "output_tokens"));
  }

  private static Chunk whole(JsonNode node) {
    StringBuilder text = new StringBuilder();
    StringBuilder reasoning = new StringBuilder();
    for (JsonNode item : node.path("output")) {
      for (JsonNode part : item.path("content")) {
        String type = String.valueOf(text(part, "type"));
        (type.startsWith("reasoning") ? reasoning : text).append(part.path("text").asText(""));
      }
      for (JsonNode part : item.path("summary")) {
        reasoning.append(part.path("text").asText(""));
      }
    }
    Chunk end = ended(node);
    return Chunk.data(
        true,
        end.responseId(),
        text.toString(),
        reasoning.isEmpty() ? null : reasoning.toString(),
        end.finishReason(),
        end.promptTokens(),
        end.completionTokens());
  }
}
