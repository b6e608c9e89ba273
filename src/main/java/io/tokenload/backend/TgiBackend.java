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
 * Hugging Face Text Generation Inference's native API: {@code POST /generate_stream} (or {@code
 * /generate} unstreamed) with {@code inputs} and {@code parameters.max_new_tokens}. Each SSE {@code
 * data} is one token: {@code token.text} (a {@code special} token carries no text); the last one
 * also has {@code generated_text} and {@code details} ({@code finish_reason}, {@code
 * generated_tokens}, {@code input_length}); there is no {@code [DONE]}. {@code max_new_tokens} caps
 * the output; TGI has no {@code ignore_eos}. {@code temperature} 0 is refused by TGI, so none is
 * sent (greedy is its default).
 */
public final class TgiBackend implements Backend {

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          false,
          () -> (event, node) -> read(node),
          TgiBackend::whole,
          "tgi");

  @Override
  public String name() {
    return "tgi";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    if (Urls.endsWith(base, "/generate_stream", "/generate")) {
      return base;
    }
    return URI.create(Urls.trimmed(base) + (stream ? "/generate_stream" : "/generate"));
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    return Optional.of(Urls.beside(base, "/generate(_stream)?", "/info"));
  }

  @Override
  public Auth auth() {
    return Auth.BEARER;
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    return Bodies.map(
        "inputs",
        request.promptOnly(name()),
        "parameters",
        Bodies.map("max_new_tokens", request.outputTokens(), "details", true));
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }

  private static Chunk read(JsonNode node) {
    JsonNode token = node.path("token");
    String text = token.path("special").asBoolean(false) ? null : text(token, "text");
    JsonNode details = node.path("details");
    boolean last = node.hasNonNull("generated_text");
    return Chunk.data(
        last,
        null,
        text,
        null,
        text(details, "finish_reason"),
        count(details, "input_length"),
        count(details, "generated_tokens"));
  }

  private static Chunk whole(JsonNode node) {
    JsonNode details = node.path("details");
    return Chunk.data(
        true,
        null,
        text(node, "generated_text"),
        null,
        text(details, "finish_reason"),
        count(details, "input_length"),
        count(details, "generated_tokens"));
  }
}
