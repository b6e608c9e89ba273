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
 * Ollama's native API: {@code POST /api/chat} ({@code messages}; answer in {@code message.content},
 * reasoning in {@code message.thinking}) or {@code /api/generate} ({@code prompt}; answer in {@code
 * response}, reasoning in {@code thinking}), streamed as newline- delimited JSON ({@code
 * application/x-ndjson}). The last line has {@code "done": true}, {@code done_reason}, {@code
 * prompt_eval_count} (input tokens) and {@code eval_count} (output tokens). {@code
 * options.num_predict} caps the output; Ollama has nothing to force it.
 *
 * @param chat {@code /api/chat} or {@code /api/generate}
 */
public record OllamaBackend(boolean chat) implements Backend {

  @Override
  public String name() {
    return chat ? "ollama" : "ollama-generate";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    return Urls.join(base, chat ? "/api/chat" : "/api/generate");
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "/api/(chat|generate)", "/api/tags"));
  }

  @Override
  public Auth auth() {
    return Auth.BEARER; // local Ollama wants none; hosted ones and proxies take a Bearer key
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    Map<String, Object> body = Bodies.map("model", request.model());
    if (chat) {
      body.put("messages", request.conversation());
    } else {
      body.put("prompt", request.promptOnly(name()));
    }
    body.put("stream", request.stream());
    body.put("options", Bodies.map("num_predict", request.outputTokens(), "temperature", 0));
    return body;
  }

  @Override
  public StreamFormat format() {
    return new JsonFormat(
        StreamFormat.Framing.NDJSON, false, () -> (event, node) -> read(node), this::read, name());
  }

  /** Both endpoints apply the model's template (unless raw); prompt_eval_count counts it. */
  @Override
  public boolean chatTemplate() {
    return true;
  }

  private Chunk read(JsonNode node) {
    JsonNode message = node.path("message");
    String content = chat ? text(message, "content") : text(node, "response");
    String thinking = chat ? text(message, "thinking") : text(node, "thinking");
    return Chunk.data(
        node.path("done").asBoolean(false),
        null,
        content,
        thinking,
        text(node, "done_reason"),
        count(node, "prompt_eval_count"),
        count(node, "eval_count"));
  }
}
