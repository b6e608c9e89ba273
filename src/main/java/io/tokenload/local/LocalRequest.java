package io.tokenload.local;

import io.tokenload.workload.Api;
import java.util.List;
import java.util.Objects;

/**
 * One completion asked of a {@link LocalBackend}: what an HTTP request body would carry.
 *
 * @param requestId names the request in its record; the response id is derived from it
 * @param api {@link Api#CHAT} sends {@code messages} through the model's chat template and answers
 *     with {@code chat.completion(.chunk)}s; {@link Api#COMPLETIONS} sends {@code prompt} as is and
 *     answers with {@code text_completion}s
 * @param prompt the raw prompt of a completion; null for chat
 * @param messages the conversation of a chat request, at least one message; empty for completions
 * @param maxTokens output tokens at most, 1 or more
 * @param ignoreEos keep generating past the end-of-sequence token, so exactly {@code maxTokens}
 *     tokens are generated (vLLM's {@code ignore_eos})
 * @param delivery streamed or whole, and which usage the answer carries
 */
public record LocalRequest(
    String requestId,
    Api api,
    String prompt,
    List<Message> messages,
    int maxTokens,
    boolean ignoreEos,
    Delivery delivery) {

  /** One chat message: a role ({@code system}, {@code user}, {@code assistant}…) and its text. */
  public record Message(String role, String content) {

    public Message {
      Objects.requireNonNull(role, "role");
      Objects.requireNonNull(content, "content");
    }

    public static Message user(String content) {
      return new Message("user", content);
    }
  }

  /**
   * How the answer is sent, as OpenAI's {@code stream} and {@code stream_options} ask.
   *
   * @param stream server-sent events as tokens come; false for one JSON body after the last token
   * @param includeUsage end the stream with a chunk carrying only the usage ({@code include_usage})
   * @param continuousUsage put the running usage on every chunk ({@code continuous_usage_stats});
   *     as in vLLM, only together with {@code includeUsage}
   */
  public record Delivery(boolean stream, boolean includeUsage, boolean continuousUsage) {

    /** Streamed with usage on every chunk, so a recorder counts each chunk's tokens exactly. */
    public static final Delivery RECORDED = new Delivery(true, true, true);

    /** One JSON body, with its usage, once generation ends. */
    public static final Delivery WHOLE = new Delivery(false, false, false);

    public Delivery {
      if (!stream && (includeUsage || continuousUsage)) {
        throw new IllegalArgumentException(
            "Delivery: includeUsage and continuousUsage apply to a stream only; stream is false");
      }
      if (continuousUsage && !includeUsage) {
        throw new IllegalArgumentException(
            "Delivery: continuousUsage needs includeUsage, as vLLM's continuous_usage_stats does");
      }
    }
  }

  public LocalRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(delivery, "delivery");
    messages = List.copyOf(messages);
    if (api == Api.CHAT && (prompt != null || messages.isEmpty())) {
      throw new IllegalArgumentException(
          "LocalRequest " + requestId + ": a chat request has messages (at least one), no prompt");
    }
    if (api == Api.COMPLETIONS && (prompt == null || !messages.isEmpty())) {
      throw new IllegalArgumentException(
          "LocalRequest " + requestId + ": a completion request has a prompt, no messages");
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException(
          "LocalRequest " + requestId + ": maxTokens was " + maxTokens + ", must be at least 1");
    }
  }

  /**
   * A request recorded as a stream ({@link Delivery#RECORDED}); for chat, {@code prompt} is one
   * user message.
   */
  public LocalRequest(String requestId, Api api, String prompt, int maxTokens, boolean ignoreEos) {
    this(
        requestId,
        api,
        api == Api.CHAT ? null : prompt,
        api == Api.CHAT
            ? List.of(Message.user(Objects.requireNonNull(prompt, "prompt")))
            : List.of(),
        maxTokens,
        ignoreEos,
        Delivery.RECORDED);
  }

  /** A chat request of one user message for exactly {@code maxTokens} tokens, recorded. */
  public static LocalRequest chat(String requestId, String prompt, int maxTokens) {
    return new LocalRequest(requestId, Api.CHAT, prompt, maxTokens, true);
  }

  /** A raw-prompt completion request for exactly {@code maxTokens} tokens, recorded. */
  public static LocalRequest completion(String requestId, String prompt, int maxTokens) {
    return new LocalRequest(requestId, Api.COMPLETIONS, prompt, maxTokens, true);
  }
}
