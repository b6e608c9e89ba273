package io.tokenload.backend;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one request asks, for {@link Backend#body}.
 *
 * @param model the model name
 * @param prompt the prompt text, or null when {@code messages} is given
 * @param messages a conversation ({@code role} and {@code content} per message), or null for one
 *     user prompt
 * @param outputTokens the output length asked for
 * @param stream whether the answer is streamed
 */
public record BodyRequest(
    String model,
    String prompt,
    List<Map<String, String>> messages,
    int outputTokens,
    boolean stream) {

  public BodyRequest {
    Objects.requireNonNull(model, "model");
    if ((prompt == null) == (messages == null)) {
      throw new IllegalArgumentException("give a prompt or messages, not both or neither");
    }
    messages = messages == null ? null : List.copyOf(messages);
  }

  /** One user prompt. */
  public static BodyRequest prompt(String model, String prompt, int outputTokens, boolean stream) {
    return new BodyRequest(model, prompt, null, outputTokens, stream);
  }

  /** The conversation: the messages given, or one user message of the prompt. */
  public List<Map<String, String>> conversation() {
    if (messages != null) {
      return messages;
    }
    Map<String, String> message = new LinkedHashMap<>();
    message.put("role", "user");
    message.put("content", prompt);
    return List.of(message);
  }

  /** The prompt, for prompt-only protocols; a conversation is refused naming the backend. */
  public String promptOnly(String backend) {
    if (prompt == null) {
      throw new IllegalArgumentException(
          backend + " takes one prompt, not a conversation; use a chat backend");
    }
    return prompt;
  }
}
