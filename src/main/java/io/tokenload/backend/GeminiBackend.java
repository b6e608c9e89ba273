package io.tokenload.backend;

import static io.tokenload.backend.JsonFormat.count;
import static io.tokenload.backend.JsonFormat.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.stream.Chunk;
import io.tokenload.stream.StreamFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Google's Gemini API: {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse} (or {@code
 * :generateContent} unstreamed) with the key in {@code x-goog-api-key}. Each SSE {@code data} is a
 * whole {@code GenerateContentResponse}: {@code candidates[0].content.parts[].text} (parts with
 * {@code "thought": true} are reasoning), {@code finishReason}, and {@code usageMetadata} ({@code
 * promptTokenCount}, {@code candidatesTokenCount}). There is no terminator: the response's end
 * after its chunks ends it. {@code generationConfig.maxOutputTokens} caps the output.
 */
public final class GeminiBackend implements Backend {

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          true,
          () -> (event, node) -> read(node, false),
          node -> read(node, true),
          "gemini");

  @Override
  public String name() {
    return "gemini";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    String path =
        "/v1beta/models/"
            + model
            + (stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
    return Urls.join(base, path);
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    String s = Urls.trimmed(base);
    int models = s.indexOf("/v1beta/");
    return Optional.of(URI.create((models < 0 ? s : s.substring(0, models)) + "/v1beta/models"));
  }

  @Override
  public Optional<URI> defaultBaseUrl() {
    return Optional.of(URI.create("https://generativelanguage.googleapis.com"));
  }

  @Override
  public Auth auth() {
    return Auth.header("x-goog-api-key", Map.of());
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    List<Map<String, Object>> contents = new ArrayList<>();
    for (Map<String, String> m : request.conversation()) {
      String role = "assistant".equals(m.get("role")) ? "model" : "user";
      contents.add(Bodies.map("role", role, "parts", List.of(Map.of("text", m.get("content")))));
    }
    return Bodies.map(
        "contents",
        contents,
        "generationConfig",
        Bodies.map("maxOutputTokens", request.outputTokens(), "temperature", 0));
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }

  /** Contents go through the model's chat template; usageMetadata.promptTokenCount counts it. */
  @Override
  public boolean chatTemplate() {
    return true;
  }

  private static Chunk read(JsonNode node, boolean whole) {
    JsonNode candidate = node.path("candidates").path(0);
    StringBuilder text = new StringBuilder();
    StringBuilder thought = new StringBuilder();
    for (JsonNode part : candidate.path("content").path("parts")) {
      (part.path("thought").asBoolean(false) ? thought : text).append(part.path("text").asText(""));
    }
    JsonNode usage = node.path("usageMetadata");
    return Chunk.data(
        whole,
        text(node, "responseId"),
        text.isEmpty() ? null : text.toString(),
        thought.isEmpty() ? null : thought.toString(),
        text(candidate, "finishReason"),
        count(usage, "promptTokenCount"),
        count(usage, "candidatesTokenCount"));
  }
}
