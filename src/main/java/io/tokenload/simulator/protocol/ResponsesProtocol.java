package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

/**
 * OpenAI's Responses API, {@code POST /v1/responses}: body {@code {"model","input","instructions",
 * "max_output_tokens","stream"}}, {@code input} a string or a list of messages. Streamed, named
 * server-sent events, each with {@code type} and a {@code sequence_number}: {@code
 * response.created}, {@code response.in_progress}, {@code response.output_item.added}, {@code
 * response.content_part.added}, one {@code response.output_text.delta} per chunk, {@code
 * response.output_text.done}, {@code response.content_part.done}, {@code response.output_item.done}
 * and {@code response.completed} (or {@code response.incomplete} with {@code
 * incomplete_details.reason} {@code max_output_tokens}) carrying {@code usage}. No {@code [DONE]}.
 * Errors are OpenAI's.
 *
 * @see <a href="https://platform.openai.com/docs/api-reference/responses-streaming">Responses
 *     streaming</a>
 */
public final class ResponsesProtocol implements Protocol {

  @Override
  public String name() {
    return "openai-responses";
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "a Responses request such as {\"model\":…,\"input\":…}");
    ObjectNode openAi =
        Bodies.openAi(
            Bodies.text(body.get("model"), "model"),
            Bodies.flag(body.get("stream"), "stream", false));
    ArrayNode messages = openAi.putArray("messages");
    String instructions = Bodies.text(body.get("instructions"), "instructions");
    if (instructions != null) {
      Bodies.message(messages, "system", instructions);
    }
    JsonNode input = body.get("input");
    if (Bodies.absent(input)) {
      throw new ProtocolException("input", "input is missing; it must be a string or a list");
    }
    if (input.isTextual()) {
      Bodies.message(messages, "user", input.textValue());
    } else if (input.isArray()) {
      for (int i = 0; i < input.size(); i++) {
        messages.add(message(input.get(i), "input[" + i + "]"));
      }
    } else {
      throw new ProtocolException("input", "input is " + input + "; it must be a string or a list");
    }
    Bodies.maxTokens(openAi, Bodies.integer(body.get("max_output_tokens"), "max_output_tokens"));
    Bodies.extensions(openAi, body, false);
    return new Translation(true, openAi);
  }

  /** An input message, its {@code input_text} parts joined into one string. */
  private static ObjectNode message(JsonNode item, String path) {
    String role = Bodies.requiredText(item.get("role"), path + ".role");
    JsonNode content = item.get("content");
    String text;
    if (content != null && content.isTextual()) {
      text = content.textValue();
    } else if (content != null && content.isArray()) {
      StringBuilder joined = new StringBuilder();
      for (int j = 0; j < content.size(); j++) {
        String part = Bodies.text(content.get(j).get("text"), path + ".content[" + j + "].text");
        joined.append(j == 0 ? "" : "\n").append(part == null ? "" : part);
      }
      text = joined.toString();
    } else {
      throw new ProtocolException(
          path + ".content", path + ".content must be a string or a list of input_text parts");
    }
    ObjectNode message = Frames.object();
    message.put("role", role.equals("developer") ? "system" : role).put("content", text);
    return message;
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    ObjectNode root = Frames.object();
    root.putObject("error")
        .put("type", type)
        .put("message", message)
        .putNull("param")
        .putNull("code");
    return root;
  }

  private static final class Answer implements Encoder {
    private final Reply reply;
    private final StringBuilder text = new StringBuilder();
    private int sequence;

    Answer(Reply reply) {
      this.reply = reply;
    }

    @Override
    public void start(ByteBuf out) {
      event(out, "response.created", Frames.object().set("response", response("in_progress", 0)));
      event(
          out, "response.in_progress", Frames.object().set("response", response("in_progress", 0)));
      ObjectNode added = Frames.object().put("output_index", 0);
      added.set("item", item("in_progress"));
      event(out, "response.output_item.added", added);
      ObjectNode part = position(Frames.object());
      part.set("part", part(""));
      event(out, "response.content_part.added", part);
    }

    @Override
    public void text(ByteBuf out, String delta, boolean reasoning, int completionTokens) {
      text.append(delta);
      ObjectNode event = position(Frames.object()).put("delta", delta);
      event.putArray("logprobs");
      event(out, "response.output_text.delta", event);
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      ObjectNode done = position(Frames.object()).put("text", text.toString());
      done.putArray("logprobs");
      event(out, "response.output_text.done", done);
      ObjectNode part = position(Frames.object());
      part.set("part", part(text.toString()));
      event(out, "response.content_part.done", part);
      ObjectNode item = Frames.object().put("output_index", 0);
      item.set("item", item("completed"));
      event(out, "response.output_item.done", item);
      boolean complete = !finishReason.equals("length");
      ObjectNode last = Frames.object();
      last.set("response", finished(complete, completionTokens));
      event(out, complete ? "response.completed" : "response.incomplete", last);
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String whole, String finishReason, int completionTokens) {
      text.append(whole);
      Frames.json(out, finished(!finishReason.equals("length"), completionTokens));
    }

    private ObjectNode finished(boolean complete, int completionTokens) {
      ObjectNode response = response(complete ? "completed" : "incomplete", completionTokens);
      if (!complete) {
        response.putObject("incomplete_details").put("reason", "max_output_tokens");
      }
      ((ArrayNode) response.get("output")).add(item("completed"));
      return response;
    }

    private void event(ByteBuf out, String type, ObjectNode fields) {
      ObjectNode event = Frames.object().put("type", type).put("sequence_number", sequence++);
      event.setAll(fields);
      Frames.sse(out, type, event);
    }

    private ObjectNode position(ObjectNode node) {
      return node.put("item_id", "msg_" + reply.id())
          .put("output_index", 0)
          .put("content_index", 0);
    }

    private ObjectNode response(String status, int completionTokens) {
      ObjectNode response = Frames.object();
      response.put("id", "resp_" + reply.id());
      response.put("object", "response");
      response.put("created_at", reply.createdSeconds());
      response.put("status", status);
      response.put("model", reply.model());
      response.putArray("output");
      response.put("max_output_tokens", reply.maxTokens());
      if (status.equals("in_progress")) {
        response.putNull("usage");
        return response;
      }
      ObjectNode usage = response.putObject("usage");
      usage.put("input_tokens", reply.promptTokens());
      usage.putObject("input_tokens_details").put("cached_tokens", 0);
      usage.put("output_tokens", completionTokens);
      usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
      usage.put("total_tokens", reply.promptTokens() + completionTokens);
      return response;
    }

    private ObjectNode item(String status) {
      ObjectNode item = Frames.object();
      item.put("id", "msg_" + reply.id()).put("type", "message").put("status", status);
      ArrayNode content = item.putArray("content");
      if (status.equals("completed")) {
        content.add(part(text.toString()));
      }
      item.put("role", "assistant");
      return item;
    }

    private static ObjectNode part(String text) {
      ObjectNode part = Frames.object().put("type", "output_text");
      part.putArray("annotations");
      part.put("text", text);
      return part;
    }
  }
}
