package io.tokenload.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Translates between OpenAI's API and Ollama's native one, both ways: an OpenAI chat (completion)
 * request becomes an {@code /api/chat} ({@code /api/generate}) request with the output cap in
 * {@code options.num_predict}; Ollama's NDJSON answer becomes OpenAI's chunks ({@code
 * chat.completion.chunk} or {@code text_completion}, a finish chunk with Ollama's {@code
 * done_reason}, a usage chunk from {@code prompt_eval_count} and {@code eval_count} when {@code
 * stream_options.include_usage} asks, {@code data: [DONE]}), or, not streamed, one OpenAI object.
 *
 * <p>Pure: bytes in, bytes out; one instance per answer, fed in arrival order.
 */
final class OllamaBridge {

  private final boolean chat;
  private final boolean stream;
  private final boolean includeUsage;
  private final String id;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
  private boolean roleSent;

  OllamaBridge(String path, boolean stream, boolean includeUsage, String requestId) {
    this.chat = path.equals("/v1/chat/completions");
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.id = (chat ? "chatcmpl-" : "cmpl-") + requestId;
  }

  /** Ollama's path for an OpenAI path. */
  static String path(String openAiPath) {
    return openAiPath.equals("/v1/chat/completions") ? "/api/chat" : "/api/generate";
  }

  /** The Ollama request for an OpenAI chat or completion body ({@code framework} removed). */
  static ObjectNode request(String openAiPath, ObjectNode body) {
    ObjectNode ollama = RemoteGateway.JSON.createObjectNode();
    ollama.set("model", body.get("model"));
    if (openAiPath.equals("/v1/chat/completions")) {
      ollama.set("messages", body.get("messages"));
    } else {
      ollama.set("prompt", body.get("prompt"));
    }
    ollama.put("stream", body.path("stream").asBoolean(false));
    ObjectNode options = ollama.putObject("options");
    JsonNode max =
        body.has("max_completion_tokens")
            ? body.get("max_completion_tokens")
            : body.get("max_tokens");
    if (max != null && max.isIntegralNumber()) {
      options.set("num_predict", max);
    }
    for (String field : new String[] {"temperature", "top_p", "seed", "stop"}) {
      if (body.has(field)) {
        options.set(field, body.get(field));
      }
    }
    if (body.has("ignore_eos")) {
      ollama.set("ignore_eos", body.get("ignore_eos")); // the embedded target honours it
    }
    return ollama;
  }

  /** OpenAI's bytes for the Ollama bytes that arrived: every complete line's chunk. */
  byte[] feed(byte[] buf, int off, int len) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = off; i < off + len; i++) {
      if (buf[i] == '\n') {
        translate(line.toByteArray(), out);
        line.reset();
      } else {
        line.write(buf[i]);
      }
    }
    return out.toByteArray();
  }

  /** What a last line without a newline (a non-streamed answer) becomes. */
  byte[] finish() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (line.size() > 0) {
      translate(line.toByteArray(), out);
      line.reset();
    }
    return out.toByteArray();
  }

  private void translate(byte[] json, ByteArrayOutputStream out) {
    if (json.length == 0) {
      return;
    }
    JsonNode answer;
    try {
      answer = RemoteGateway.JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Ollama sent a line that is not JSON: " + new String(json, StandardCharsets.UTF_8), e);
    }
    String model = answer.path("model").asText("");
    String text =
        chat
            ? answer.path("message").path("content").asText("")
            : answer.path("response").asText("");
    boolean done = answer.path("done").asBoolean(false);
    if (!stream) {
      write(out, whole(model, text, answer), false);
      return;
    }
    if (!text.isEmpty() || !roleSent) {
      write(out, chunk(model, text, null), true);
    }
    if (done) {
      write(out, chunk(model, null, answer.path("done_reason").asText("stop")), true);
      if (includeUsage) {
        ObjectNode usage = head(model, chat ? "chat.completion.chunk" : "text_completion");
        usage.putArray("choices");
        usage.set("usage", usage(answer));
        write(out, usage, true);
      }
      out.writeBytes("data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    }
  }

  private ObjectNode chunk(String model, String text, String finishReason) {
    ObjectNode chunk = head(model, chat ? "chat.completion.chunk" : "text_completion");
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    if (chat) {
      ObjectNode delta = choice.putObject("delta");
      if (!roleSent) {
        delta.put("role", "assistant");
        roleSent = true;
      }
      if (text != null) {
        delta.put("content", text);
      }
    } else {
      choice.put("text", text == null ? "" : text);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    return chunk;
  }

  private ObjectNode whole(String model, String text, JsonNode answer) {
    ObjectNode whole = head(model, chat ? "chat.completion" : "text_completion");
    ObjectNode choice = whole.putArray("choices").addObject().put("index", 0);
    if (chat) {
      choice.putObject("message").put("role", "assistant").put("content", text);
    } else {
      choice.put("text", text);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", answer.path("done_reason").asText("stop"));
    whole.set("usage", usage(answer));
    return whole;
  }

  private ObjectNode head(String model, String object) {
    ObjectNode node = RemoteGateway.JSON.createObjectNode();
    node.put("id", id);
    node.put("object", object);
    node.put("created", System.currentTimeMillis() / 1000);
    node.put("model", model);
    return node;
  }

  private static ObjectNode usage(JsonNode answer) {
    int prompt = answer.path("prompt_eval_count").asInt(0);
    int completion = answer.path("eval_count").asInt(0);
    ObjectNode usage = RemoteGateway.JSON.createObjectNode();
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    return usage;
  }

  private static void write(ByteArrayOutputStream out, JsonNode node, boolean event) {
    try {
      byte[] json = RemoteGateway.JSON.writeValueAsBytes(node);
      if (event) {
        out.writeBytes("data: ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(json);
        out.writeBytes("\n\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.writeBytes(json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
