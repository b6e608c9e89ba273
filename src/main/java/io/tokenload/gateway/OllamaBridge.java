package io.tokenload.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.local.OpenAiChunks;
import io.tokenload.workload.Api;
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
 * stream_options.include_usage} asks, {@code data: [DONE]}), or, not streamed, one OpenAI object,
 * written by {@link OpenAiChunks} as the embedded target writes its own.
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
    this.id = (chat ? Api.CHAT : Api.COMPLETIONS).idPrefix() + requestId;
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
    String doneReason = answer.path("done_reason").asText("stop");
    OpenAiChunks.Head head =
        new OpenAiChunks.Head(
            id,
            chat ? Api.CHAT : Api.COMPLETIONS,
            System.currentTimeMillis() / 1000,
            model,
            answer.path("prompt_eval_count").asInt(0));
    int completionTokens = answer.path("eval_count").asInt(0);
    char[] chars = text.toCharArray();
    OpenAiChunks chunks = new OpenAiChunks(out);
    try {
      if (!stream) {
        chunks.beginWhole(head);
        chunks.choice(head, 0, chars, chars.length, null, 0, doneReason);
        chunks.endWhole(head, completionTokens);
        return;
      }
      if (chat && !roleSent) {
        chunks.event(head, OpenAiChunks.Delta.ROLE, null, 0, null, OpenAiChunks.NO_USAGE);
        roleSent = true;
      }
      if (!text.isEmpty()) {
        chunks.event(
            head, OpenAiChunks.Delta.CONTENT, chars, chars.length, null, OpenAiChunks.NO_USAGE);
      }
      if (done) {
        chunks.event(head, OpenAiChunks.Delta.NONE, null, 0, doneReason, OpenAiChunks.NO_USAGE);
        if (includeUsage) {
          chunks.usageEvent(head, completionTokens);
        }
        chunks.done();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
