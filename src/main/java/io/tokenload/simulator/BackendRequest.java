package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.local.LocalRequest;
import io.tokenload.workload.Api;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body, already checked by {@link CompletionRequest#parse}, into what a {@code
 * LocalBackend} is asked: the messages' text (or the prompt), the output cap, {@code ignore_eos}
 * and the delivery. Pure: JSON in, {@link LocalRequest} or {@link ApiError} out.
 *
 * <p>What a backend cannot do is refused with 400 rather than silently dropped: a prompt of token
 * ids or of several prompts, and simulated reasoning. {@code min_tokens} is read and not enforced
 * (llama.cpp has no such option); {@code ignore_eos} forces the length. Sampling fields are read
 * and ignored: a backend generates greedily, so the same prompt gets the same answer.
 */
final class BackendRequest {

  private BackendRequest() {}

  /**
   * @param parsed the body's checked fields
   * @param body the body, for the text that {@code parsed} only counted
   * @param requestId the client's {@code X-Request-Id}, or one made up for it
   */
  static LocalRequest of(CompletionRequest parsed, JsonNode body, String requestId) {
    if (parsed.reasoningTokens() > 0) {
      String path = CompletionRequest.EXTENSION + "." + CompletionRequest.REASONING_TOKENS;
      throw ApiError.invalidValue(
          path,
          "unsupported_parameter",
          path
              + " is "
              + parsed.reasoningTokens()
              + "; reasoning is only simulated, and this server answers with a real model");
    }
    LocalRequest.Delivery delivery =
        new LocalRequest.Delivery(parsed.stream(), parsed.includeUsage(), parsed.continuousUsage());
    if (parsed.kind() == Api.CHAT) {
      return new LocalRequest(
          requestId,
          Api.CHAT,
          null,
          messages(body.get("messages")),
          parsed.maxTokens(),
          parsed.ignoreEos(),
          delivery);
    }
    return new LocalRequest(
        requestId,
        Api.COMPLETIONS,
        prompt(body.get("prompt")),
        List.of(),
        parsed.maxTokens(),
        parsed.ignoreEos(),
        delivery);
  }

  /**
   * Each message's role and text; text parts are joined with line feeds, as vLLM joins them, and a
   * null content (an assistant turn that only called tools) is empty.
   */
  private static List<LocalRequest.Message> messages(JsonNode messages) {
    List<LocalRequest.Message> result = new ArrayList<>(messages.size());
    for (JsonNode message : messages) {
      String role = message.get("role").textValue();
      JsonNode content = message.get("content");
      String text;
      if (JsonFields.isAbsent(content)) {
        text = "";
      } else if (content.isTextual()) {
        text = content.textValue();
      } else {
        StringBuilder parts = new StringBuilder();
        for (JsonNode part : content) {
          if (!parts.isEmpty()) {
            parts.append('\n');
          }
          parts.append(part.get("text").textValue());
        }
        text = parts.toString();
      }
      result.add(new LocalRequest.Message(role, text));
    }
    return result;
  }

  /** A string, or an array holding one string. */
  private static String prompt(JsonNode prompt) {
    if (prompt.isTextual()) {
      return prompt.textValue();
    }
    if (prompt.size() == 1 && prompt.get(0).isTextual()) {
      return prompt.get(0).textValue();
    }
    throw ApiError.invalidValue(
        "prompt",
        "unsupported_prompt",
        "prompt is an array of "
            + prompt.size()
            + " items that are not one string; this server's model takes one text prompt: a"
            + " string, or an array holding one string");
  }
}
