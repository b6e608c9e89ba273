package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

/**
 * Anthropic's Messages API, {@code POST /v1/messages}: body {@code
 * {"model","max_tokens","messages", "system","stream"}} ({@code max_tokens} is required, as
 * Anthropic requires it). Streamed, named server-sent events: {@code message_start} (with {@code
 * usage.input_tokens}), {@code content_block_start}, {@code ping}, one {@code content_block_delta}
 * per chunk ({@code thinking_delta} in a {@code thinking} block for reasoning, then {@code
 * text_delta} in a {@code text} block), {@code content_block_stop}, {@code message_delta} with
 * {@code stop_reason} ({@code end_turn} or {@code max_tokens}) and {@code usage.output_tokens},
 * {@code message_stop}. Errors are {@code {"type":"error","error":{"type","message"}}}.
 *
 * @see <a href="https://docs.anthropic.com/en/api/messages-streaming">Streaming Messages</a>
 */
public final class AnthropicProtocol implements Protocol {

  @Override
  public String name() {
    return "anthropic";
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(
        body, "a Messages request such as {\"model\":…,\"max_tokens\":N,\"messages\":[…]}");
    String model = Bodies.requiredText(body.get("model"), "model");
    ObjectNode openAi = Bodies.openAi(model, Bodies.flag(body.get("stream"), "stream", false));
    JsonNode max = Bodies.integer(body.get("max_tokens"), "max_tokens");
    if (max == null) {
      throw new ProtocolException("max_tokens", "max_tokens: Field required");
    }
    Bodies.maxTokens(openAi, max);
    ArrayNode messages = openAi.putArray("messages");
    JsonNode system = body.get("system");
    if (!Bodies.absent(system)) {
      messages.addObject().put("role", "system").set("content", system);
    }
    JsonNode asked = body.get("messages");
    if (Bodies.absent(asked) || !asked.isArray()) {
      throw new ProtocolException("messages", "messages: Input should be a valid list");
    }
    // Anthropic's text blocks {"type":"text","text":…} have OpenAI's content-part shape.
    messages.addAll((ArrayNode) asked);
    Bodies.extensions(openAi, body, true);
    return new Translation(true, openAi);
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    ObjectNode root = Frames.object().put("type", "error");
    root.putObject("error").put("type", errorType(status)).put("message", message);
    return root;
  }

  private static String errorType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }

  static String stopReason(String finishReason) {
    return finishReason.equals("length") ? "max_tokens" : "end_turn";
  }

  private static final class Answer implements Encoder {
    private final Reply reply;
    private int block = -1;
    private boolean thinking;

    Answer(Reply reply) {
      this.reply = reply;
    }

    @Override
    public void start(ByteBuf out) {
      ObjectNode start = Frames.object().put("type", "message_start");
      ObjectNode message = message(start.putObject("message"));
      message.putArray("content");
      message.putNull("stop_reason");
      message.putNull("stop_sequence");
      usage(message, 1);
      Frames.sse(out, "message_start", start);
    }

    @Override
    public void text(ByteBuf out, String text, boolean reasoning, int completionTokens) {
      if (block < 0 || thinking != reasoning) {
        if (block >= 0) {
          stopBlock(out);
        }
        block++;
        thinking = reasoning;
        ObjectNode start = Frames.object().put("type", "content_block_start").put("index", block);
        ObjectNode content = start.putObject("content_block");
        if (reasoning) {
          content.put("type", "thinking").put("thinking", "").put("signature", "");
        } else {
          content.put("type", "text").put("text", "");
        }
        Frames.sse(out, "content_block_start", start);
        if (block == 0) {
          Frames.sse(out, "ping", Frames.object().put("type", "ping"));
        }
      }
      ObjectNode delta = Frames.object().put("type", "content_block_delta").put("index", block);
      if (reasoning) {
        delta.putObject("delta").put("type", "thinking_delta").put("thinking", text);
      } else {
        delta.putObject("delta").put("type", "text_delta").put("text", text);
      }
      Frames.sse(out, "content_block_delta", delta);
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      if (block >= 0) {
        stopBlock(out);
      }
      ObjectNode delta = Frames.object().put("type", "message_delta");
      delta
          .putObject("delta")
          .put("stop_reason", stopReason(finishReason))
          .putNull("stop_sequence");
      delta.putObject("usage").put("output_tokens", completionTokens);
      Frames.sse(out, "message_delta", delta);
      Frames.sse(out, "message_stop", Frames.object().put("type", "message_stop"));
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String text, String finishReason, int completionTokens) {
      ObjectNode message = message(Frames.object());
      ArrayNode content = message.putArray("content");
      if (!reasoning.isEmpty()) {
        content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
      }
      content.addObject().put("type", "text").put("text", text);
      message.put("stop_reason", stopReason(finishReason));
      message.putNull("stop_sequence");
      usage(message, completionTokens);
      Frames.json(out, message);
    }

    private ObjectNode message(ObjectNode node) {
      return node.put("id", "msg_" + reply.id())
          .put("type", "message")
          .put("role", "assistant")
          .put("model", reply.model());
    }

    private void usage(ObjectNode message, int outputTokens) {
      message
          .putObject("usage")
          .put("input_tokens", reply.promptTokens())
          .put("cache_creation_input_tokens", 0)
          .put("cache_read_input_tokens", 0)
          .put("output_tokens", outputTokens);
    }

    private void stopBlock(ByteBuf out) {
      ObjectNode stop = Frames.object().put("type", "content_block_stop").put("index", block);
      Frames.sse(out, "content_block_stop", stop);
    }
  }
}
