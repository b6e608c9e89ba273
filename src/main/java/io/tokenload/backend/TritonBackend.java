package io.tokenload.backend;

import static io.tokenload.backend.JsonFormat.text;

import io.tokenload.stream.Chunk;
import io.tokenload.stream.StreamFormat;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * NVIDIA Triton's generate extension: {@code POST /v2/models/{model}/generate_stream} (or {@code
 * /generate} unstreamed) with the model's inputs as JSON fields: {@code text_input}, {@code
 * max_tokens} and {@code stream} as TensorRT-LLM's ensemble names them (a vLLM-backed model takes
 * {@code sampling_parameters} instead: pass it with the generation parameters). Each SSE {@code
 * data} is the model's outputs, {@code text_output} the new text; there is no terminator and no
 * token count, so the response's end ends it and tokens are counted by the tokenizer. An {@code
 * error} field fails the request.
 */
public final class TritonBackend implements Backend {

  private static final StreamFormat FORMAT =
      new JsonFormat(
          StreamFormat.Framing.SSE,
          true,
          () ->
              (event, node) ->
                  Chunk.data(false, null, text(node, "text_output"), null, null, -1, -1),
          node -> Chunk.data(true, null, text(node, "text_output"), null, null, -1, -1),
          "triton");

  @Override
  public String name() {
    return "triton";
  }

  @Override
  public URI requestUri(URI base, String model, boolean stream) {
    if (Urls.endsWith(base, "/generate_stream", "/generate")) {
      return base;
    }
    String path = "/v2/models/" + model + (stream ? "/generate_stream" : "/generate");
    return URI.create(Urls.trimmed(base) + path);
  }

  @Override
  public Optional<URI> modelsUri(URI base) {
    String s = Urls.trimmed(base);
    int v2 = s.indexOf("/v2/");
    return Optional.of(URI.create((v2 < 0 ? s : s.substring(0, v2)) + "/v2/health/ready"));
  }

  @Override
  public Auth auth() {
    return Auth.BEARER;
  }

  @Override
  public Map<String, Object> body(BodyRequest request) {
    return Bodies.map(
        "text_input",
        request.promptOnly(name()),
        "max_tokens",
        request.outputTokens(),
        "stream",
        request.stream());
  }

  @Override
  public StreamFormat format() {
    return FORMAT;
  }
}
