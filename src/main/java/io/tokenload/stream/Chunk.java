package io.tokenload.stream;

/**
 * What one {@code data} payload of an OpenAI-compatible stream says, as read by {@link
 * ChunkParser}.
 *
 * @param kind what the payload is
 * @param responseId the chunk's {@code id}, or null
 * @param role {@code choices[0].delta.role}, or null
 * @param content the answer text: {@code choices[0].delta.content} (chat), {@code choices[0].text}
 *     (completions) or {@code choices[0].message.content} (a whole non-stream response); null when
 *     absent or JSON null
 * @param reasoning {@code delta.reasoning_content} or {@code delta.reasoning} (same for {@code
 *     message}), null when absent
 * @param finishReason {@code choices[0].finish_reason}, or null
 * @param choiceCount how many elements {@code choices} had (0 for the usage-only last chunk, or
 *     when absent)
 * @param promptTokens {@code usage.prompt_tokens}, -1 when absent or null
 * @param completionTokens {@code usage.completion_tokens}, -1 when absent or null
 * @param error the error the server reported, only for {@link Kind#ERROR}
 * @param malformedReason why the payload could not be read, only for {@link Kind#MALFORMED}
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens} (prompt tokens the server
 *     served from its prefix cache), -1 when absent or null
 */
public record Chunk(
    Kind kind,
    String responseId,
    String role,
    String content,
    String reasoning,
    String finishReason,
    int choiceCount,
    int promptTokens,
    int completionTokens,
    StreamError error,
    String malformedReason,
    int cachedTokens) {

  /** What a payload is. */
  public enum Kind {
    /** A completion chunk (or a whole non-stream response): text, usage or both. */
    DATA,
    /**
     * A last chunk that is read as {@link #DATA} and also ends the answer cleanly (TGI's event with
     * {@code generated_text}, Ollama's {@code "done":true}, Responses' {@code response.completed}).
     */
    LAST,
    /** The literal {@code [DONE]}: the stream ended cleanly; nothing after it counts. */
    DONE,
    /** An {@code error} object: the server gave up; the stream failed. */
    ERROR,
    /** Not valid JSON, or JSON of the wrong shape; see {@link #malformedReason}. */
    MALFORMED
  }

  /**
   * An error reported by the server, {@code {"error":{"message","type","code"}}}.
   *
   * @param type the error's {@code type}, or null
   * @param message the error's {@code message}, or null
   * @param code the error's {@code code} as text (servers send numbers or strings), or null
   */
  public record StreamError(String type, String message, String code) {

    /** {@code type (code c): message}, leaving out what the server did not send. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      if (type != null) {
        sb.append(type);
      }
      if (code != null) {
        sb.append(sb.length() > 0 ? " " : "").append("(code ").append(code).append(')');
      }
      if (message != null) {
        sb.append(sb.length() > 0 ? ": " : "").append(message);
      }
      return sb.length() > 0 ? sb.toString() : "error object without type, code or message";
    }
  }

  private static final Chunk DONE_CHUNK =
      new Chunk(Kind.DONE, null, null, null, null, null, 0, -1, -1, null, null, -1);

  /** The {@code [DONE]} terminator. */
  public static Chunk done() {
    return DONE_CHUNK;
  }

  /**
   * A data chunk (or, with {@code last}, the chunk that ends the answer) of a protocol other than
   * OpenAI's, which has no {@code choices}; counts are -1 when absent.
   */
  public static Chunk data(
      boolean last,
      String responseId,
      String content,
      String reasoning,
      String finishReason,
      int promptTokens,
      int completionTokens) {
    return new Chunk(
        last ? Kind.LAST : Kind.DATA,
        responseId,
        null,
        content,
        reasoning,
        finishReason,
        content == null && reasoning == null ? 0 : 1,
        promptTokens,
        completionTokens,
        null,
        null,
        -1);
  }

  /** A payload that could not be read, and why. */
  public static Chunk malformed(String reason) {
    return new Chunk(Kind.MALFORMED, null, null, null, null, null, 0, -1, -1, null, reason, -1);
  }

  /** An error object from the server. */
  public static Chunk error(String responseId, StreamError error) {
    return new Chunk(Kind.ERROR, responseId, null, null, null, null, 0, -1, -1, error, null, -1);
  }

  /** True when the chunk carries non-empty answer content. */
  public boolean hasContent() {
    return content != null && !content.isEmpty();
  }

  /** True when the chunk carries non-empty reasoning text. */
  public boolean hasReasoning() {
    return reasoning != null && !reasoning.isEmpty();
  }

  /** True when the chunk carries any text: content or reasoning. A role-only chunk has none. */
  public boolean hasText() {
    return hasContent() || hasReasoning();
  }

  /** Reasoning followed by content, the text a tokenizer should count; empty when there is none. */
  public String text() {
    if (!hasReasoning()) {
      return hasContent() ? content : "";
    }
    return hasContent() ? reasoning + content : reasoning;
  }
}
