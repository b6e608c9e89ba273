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
 * SGLang's native API: {@code POST /generate} with {@code text} and {@code sampling_params} ({@code
 * max_new_tokens}, {@code min_new_tokens} and {@code ignore_eos}, which force the length). Each SSE
 * {@code data} has {@code text} and {@code meta_info} ({@code id}, {@code prompt_tokens}, a running
 * {@code completion_tokens}, {@code finish_reason}); {@code data: [DONE]} ends it. By default
 * SGLang streams the whole text so far, so the delta is the text past the previous event's; a
 * server started with incremental output sends deltas, which are taken as they are.
 */
public final class SglangBackend implements Backend {

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          false,
          () -> new Cumulative()::read,
          node -> chunk(node, text(node, "text"), true),
          "sglang");

  @Override
  public String name() {
    return "sglang";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    return Urls.join(base, "/generate");
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "/generate", "/get_model_info"));
  }

  @Override
  public Auth auth() {
    return Auth.BEARER;
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    int n = request.outputTokens();
    return Bodies.map(
        "text",
        request.promptOnly(name()),
        "sampling_params",
        Bodies.map("max_new_tokens", n, "min_new_tokens", n, "ignore_eos", true, "temperature", 0),
        "stream",
        request.stream());
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }

  @Override
  public boolean forcesLength() {
    return true;
  }

  /** One response's text so far, to turn cumulative text into deltas. */
  private static final class Cumulative {
    private String soFar = "";

    Chunk read(String event, JsonNode node) {
      String text = text(node, "text");
      String delta = text;
      if (text != null && text.startsWith(soFar)) {
        delta = text.substring(soFar.length());
        soFar = text;
      } else if (text != null) {
        soFar += text; // an incremental server: the text is the delta
      }
      return chunk(node, delta, false);
    }
  }

  private static Chunk chunk(JsonNode node, String text, boolean last) {
    JsonNode meta = node.path("meta_info");
    JsonNode finish = meta.path("finish_reason");
    String finishReason = finish.isObject() ? text(finish, "type") : text(meta, "finish_reason");
    return Chunk.data(
        last,
        text(meta, "id"),
        text,
        null,
        finishReason,
        count(meta, "prompt_tokens"),
        count(meta, "completion_tokens"));
  }
}
