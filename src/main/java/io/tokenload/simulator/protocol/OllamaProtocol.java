package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * Ollama's native API: {@code POST /api/chat} and {@code POST /api/generate}, streamed by default
 * as newline-delimited JSON, one object per chunk and a last one with {@code "done":true}, the
 * {@code done_reason} and the counts and durations ({@code prompt_eval_count}, {@code eval_count},
 * nanoseconds); {@code "stream":false} gives that last object with the whole text. The output cap
 * is {@code options.num_predict}. Reasoning goes in {@code message.thinking} ({@code /api/chat}) or
 * {@code thinking} ({@code /api/generate}), as Ollama's thinking models send it. Errors are {@code
 * {"error":"…"}}.
 *
 * @see <a href="https://github.com/ollama/ollama/blob/main/docs/api.md">Ollama API</a>
 */
public final class OllamaProtocol implements Protocol {

  /** The Ollama version {@code /api/version} reports. */
  public static final String VERSION = "0.12.3";

  @Override
  public String name() {
    return "ollama";
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "an Ollama request such as {\"model\":…,\"messages\":[…]}");
    boolean chat = path.equals("/api/chat");
    String model = Bodies.requiredText(body.get("model"), "model");
    if (model.endsWith(":latest")) {
      model = model.substring(0, model.length() - ":latest".length()); // Ollama's default tag
    }
    ObjectNode openAi = Bodies.openAi(model, Bodies.flag(body.get("stream"), "stream", true));
    if (chat) {
      JsonNode messages = body.get("messages");
      if (Bodies.absent(messages) || !messages.isArray()) {
        throw new ProtocolException(
            "messages", "messages must be an array of {\"role\",\"content\"} objects");
      }
      openAi.set("messages", messages);
    } else {
      String prompt = Bodies.requiredText(body.get("prompt"), "prompt");
      String system = Bodies.text(body.get("system"), "system");
      openAi.put("prompt", system == null ? prompt : system + "\n" + prompt);
    }
    JsonNode options = body.get("options");
    if (!Bodies.absent(options)) {
      JsonNode predict = Bodies.integer(options.get("num_predict"), "options.num_predict");
      // -1 (and -2) mean "until the model stops": the engine's default cap.
      if (predict != null && predict.longValue() >= 0) {
        Bodies.maxTokens(openAi, predict);
      }
    }
    Bodies.extensions(openAi, body, true);
    return new Translation(chat, openAi);
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply, chat);
  }

  @Override
  public String streamContentType() {
    return Frames.NDJSON;
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    return Frames.object().put("error", message);
  }

  /** {@code GET /api/version}. */
  public static JsonNode version() {
    return Frames.object().put("version", VERSION);
  }

  /** {@code GET /api/tags}: the served model, as a local model list. */
  public static JsonNode tags(String model, long createdSeconds) {
    ObjectNode root = Frames.object();
    ObjectNode entry = root.putArray("models").addObject();
    entry.put("name", model);
    entry.put("model", model);
    entry.put("modified_at", Instant.ofEpochSecond(createdSeconds).toString());
    entry.put("size", 0);
    entry.put("digest", Integer.toHexString(model.hashCode()));
    ObjectNode details = entry.putObject("details");
    details.put("parent_model", "");
    details.put("format", "gguf");
    details.put("family", "tokenload");
    details.putArray("families").add("tokenload");
    details.put("parameter_size", "");
    details.put("quantization_level", "");
    return root;
  }

  private static final class Answer implements Encoder {
    private final Reply reply;
    private final boolean chat;
    private final long startNanos = System.nanoTime();
    private long firstTokenNanos;

    Answer(Reply reply, boolean chat) {
      this.reply = reply;
      this.chat = chat;
    }

    @Override
    public void start(ByteBuf out) {
      firstTokenNanos = System.nanoTime();
    }

    @Override
    public void text(ByteBuf out, String text, boolean reasoning, int completionTokens) {
      ObjectNode chunk = head();
      content(chunk, reasoning ? "" : text, reasoning ? text : null);
      chunk.put("done", false);
      Frames.ndjson(out, chunk);
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      ObjectNode last = head();
      content(last, "", null);
      totals(last, finishReason, completionTokens);
      Frames.ndjson(out, last);
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String text, String finishReason, int completionTokens) {
      firstTokenNanos = System.nanoTime();
      ObjectNode whole = head();
      content(whole, text, reasoning.isEmpty() ? null : reasoning);
      totals(whole, finishReason, completionTokens);
      Frames.json(out, whole);
    }

    private ObjectNode head() {
      ObjectNode node = Frames.object();
      node.put("model", reply.model());
      node.put("created_at", Instant.now().toString());
      return node;
    }

    private void content(ObjectNode node, String text, String thinking) {
      if (chat) {
        ObjectNode message = node.putObject("message");
        message.put("role", "assistant");
        message.put("content", text);
        if (thinking != null) {
          message.put("thinking", thinking);
        }
      } else {
        node.put("response", text);
        if (thinking != null) {
          node.put("thinking", thinking);
        }
      }
    }

    /** The last object's fields: {@code done}, why, and Ollama's counts and durations in ns. */
    private void totals(ObjectNode node, String finishReason, int completionTokens) {
      long now = System.nanoTime();
      node.put("done", true);
      node.put("done_reason", finishReason);
      node.put("total_duration", now - startNanos);
      node.put("load_duration", 0);
      node.put("prompt_eval_count", reply.promptTokens());
      node.put("prompt_eval_duration", firstTokenNanos - startNanos);
      node.put("eval_count", completionTokens);
      node.put("eval_duration", now - firstTokenNanos);
    }
  }
}
