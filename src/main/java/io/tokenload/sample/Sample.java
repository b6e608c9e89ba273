package io.tokenload.sample;

/**
 * One line of {@code samples/<cell>.jsonl}, in snake case.
 *
 * @param ok whether the request succeeded
 * @param error why it failed, or null
 * @param usage the server's counts ({@code -1} when it reported none)
 * @param truncated true when a text was cut at {@link io.tokenload.stream.Transcript#MAX_CHARS}
 */
public record Sample(
    String requestId,
    String cell,
    boolean ok,
    String error,
    String prompt,
    String answer,
    String reasoning,
    String finishReason,
    Usage usage,
    int promptTokensAsked,
    int outputTokensAsked,
    boolean truncated) {

  /** The token counts the record holds: the server's usage, else the client's count. */
  public record Usage(int promptTokens, int completionTokens) {}
}
