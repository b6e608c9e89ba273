package io.tokenload.workload;

import java.util.Objects;

/**
 * One request's prompt and the lengths asked of the server for it.
 *
 * @param text the prompt: the user message's content for chat, the {@code prompt} for completions
 * @param promptTokensAsked what the server's {@code usage.prompt_tokens} should be: the text's
 *     tokens plus the template overhead
 * @param outputTokensAsked the output length to ask for ({@code max_tokens}), or {@link
 *     #CELL_OUTPUT} for the cell's
 */
public record Prompt(String text, int promptTokensAsked, int outputTokensAsked) {

  /** Use the cell's output length. */
  public static final int CELL_OUTPUT = -1;

  public Prompt {
    Objects.requireNonNull(text, "text");
    if (promptTokensAsked < 1) {
      throw new IllegalArgumentException(
          "promptTokensAsked was " + promptTokensAsked + ", must be at least 1");
    }
    if (outputTokensAsked < 1 && outputTokensAsked != CELL_OUTPUT) {
      throw new IllegalArgumentException(
          "outputTokensAsked was "
              + outputTokensAsked
              + ", must be at least 1, or -1 for the cell's");
    }
  }
}
