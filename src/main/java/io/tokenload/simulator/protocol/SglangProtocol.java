package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

/**
 * SGLang's native {@code POST /generate}: body {@code {"text":…,"sampling_params":{
 * "max_new_tokens":N,"ignore_eos":true,"min_new_tokens":M},"stream":true}}. Streamed, each event
 * {@code data: {"text":…,"meta_info":{…}}} carries the text so far (SGLang's default, not a delta)
 * and the running {@code prompt_tokens} and {@code completion_tokens}; the last has {@code
 * finish_reason} {@code {"type":"length","length":N}} or {@code {"type":"stop","matched":2}}, and
 * {@code data: [DONE]} follows. Not streamed, the body is the last event's object.
 *
 * @see <a href="https://docs.sglang.ai/basic_usage/native_api.html">SGLang native API</a>
 */
public final class SglangProtocol implements Protocol {

  /** The end-of-sequence token id a {@code stop} reports as {@code matched}. */
  static final int EOS_ID = 2;

  @Override
  public String name() {
    return "sglang";
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "an SGLang request such as {\"text\":…,\"sampling_params\":{…}}");
    ObjectNode openAi = Bodies.openAi(null, Bodies.flag(body.get("stream"), "stream", false));
    JsonNode ids = body.get("input_ids");
    if (Bodies.absent(body.get("text")) && !Bodies.absent(ids)) {
      openAi.set("prompt", ids); // token ids: the engine counts them as they are
    } else {
      openAi.put("prompt", Bodies.requiredText(body.get("text"), "text"));
    }
    JsonNode sampling = body.get("sampling_params");
    if (!Bodies.absent(sampling)) {
      String at = "sampling_params.";
      Bodies.maxTokens(
          openAi, Bodies.integer(sampling.get("max_new_tokens"), at + "max_new_tokens"));
      JsonNode min = Bodies.integer(sampling.get("min_new_tokens"), at + "min_new_tokens");
      if (min != null) {
        openAi.set("min_tokens", min);
      }
      if (Bodies.flag(sampling.get("ignore_eos"), at + "ignore_eos", false)) {
        openAi.put("ignore_eos", true);
      }
    }
    Bodies.extensions(openAi, body, false);
    return new Translation(false, openAi);
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  /** {@code GET /get_model_info}: SGLang's answer (http_server.py), naming the model's path. */
  public static JsonNode modelInfo(String model) {
    ObjectNode info = Frames.object();
    info.put("model_path", model);
    info.put("tokenizer_path", model);
    info.put("is_generation", true);
    info.putNull("preferred_sampling_params");
    info.put("weight_version", "default");
    return info;
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    ObjectNode error = Frames.object();
    error.putObject("error").put("message", message);
    return error;
  }

  private static final class Answer implements Encoder {
    private final Reply reply;
    private final StringBuilder text = new StringBuilder();

    Answer(Reply reply) {
      this.reply = reply;
    }

    @Override
    public void start(ByteBuf out) {}

    @Override
    public void text(ByteBuf out, String delta, boolean reasoning, int completionTokens) {
      text.append(delta);
      Frames.sse(out, object(text.toString(), null, completionTokens));
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      Frames.sse(out, object(text.toString(), finishReason, completionTokens));
      Frames.done(out);
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String whole, String finishReason, int completionTokens) {
      Frames.json(out, object(whole, finishReason, completionTokens));
    }

    private ObjectNode object(String soFar, String finishReason, int completionTokens) {
      ObjectNode node = Frames.object();
      node.put("text", soFar);
      ObjectNode meta = node.putObject("meta_info");
      meta.put("id", reply.id());
      if (finishReason == null) {
        meta.putNull("finish_reason");
      } else if (finishReason.equals("length")) {
        meta.putObject("finish_reason").put("type", "length").put("length", completionTokens);
      } else {
        meta.putObject("finish_reason").put("type", "stop").put("matched", EOS_ID);
      }
      meta.put("prompt_tokens", reply.promptTokens());
      meta.put("completion_tokens", completionTokens);
      meta.put("cached_tokens", 0);
      return node;
    }
  }
}
