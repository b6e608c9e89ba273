package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

/**
 * Triton Inference Server's generate extension: {@code POST
 * /v2/models/{model}[/versions/{v}]/generate} and {@code …/generate_stream} (server-sent events).
 * Body {@code {"text_input":…,"max_tokens":N}}, with the sampling fields either at the top level
 * (TensorRT-LLM's ensemble) or in {@code parameters} (the vLLM backend). Each answer object is
 * {@code {"model_name":…,"model_version":"1","text_output":…}}: streamed, one per chunk with that
 * chunk's text; not streamed, the whole text. Triton reports no token counts. Errors are {@code
 * {"error":…}}.
 *
 * @see <a
 *     href="https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/protocol/extension_generate.html">Generate
 *     extension</a>
 */
public final class TritonProtocol implements Protocol {

  static final String PREFIX = "/v2/models/";

  @Override
  public String name() {
    return "triton";
  }

  /** The model a generate path names, or null when the path is not one. */
  public static String modelOf(String path) {
    if (!path.startsWith(PREFIX)
        || !(path.endsWith("/generate") || path.endsWith("/generate_stream"))) {
      return null;
    }
    String rest = path.substring(PREFIX.length(), path.lastIndexOf('/'));
    int versions = rest.indexOf("/versions/");
    String model = versions < 0 ? rest : rest.substring(0, versions);
    return model.isEmpty() || model.contains("/") ? null : model;
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "a Triton generate request such as {\"text_input\":…,\"max_tokens\":N}");
    ObjectNode openAi = Bodies.openAi(modelOf(path), path.endsWith("/generate_stream"));
    openAi.put("prompt", Bodies.requiredText(body.get("text_input"), "text_input"));
    JsonNode parameters = body.get("parameters");
    JsonNode max = Bodies.integer(body.get("max_tokens"), "max_tokens");
    if (max == null && !Bodies.absent(parameters)) {
      max = Bodies.integer(parameters.get("max_tokens"), "parameters.max_tokens");
    }
    Bodies.maxTokens(openAi, max);
    if (!Bodies.absent(parameters)) {
      Bodies.extensions(openAi, parameters, false);
    }
    Bodies.extensions(openAi, body, false);
    return new Translation(false, openAi);
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    return Frames.object().put("error", message);
  }

  private record Answer(Reply reply) implements Encoder {

    @Override
    public void start(ByteBuf out) {}

    @Override
    public void text(ByteBuf out, String text, boolean reasoning, int completionTokens) {
      Frames.sse(out, object(text));
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {}

    @Override
    public void whole(
        ByteBuf out, String reasoning, String text, String finishReason, int completionTokens) {
      Frames.json(out, object(text));
    }

    private ObjectNode object(String text) {
      return Frames.object()
          .put("model_name", reply.model())
          .put("model_version", "1")
          .put("text_output", text);
    }
  }
}
