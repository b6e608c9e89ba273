package io.tokenload.workload;

/**
 * Which dataset prompts to keep, by length in the tokenizer's tokens; bounds are inclusive. The
 * input length is the prompt text's own tokens, without a template's. The output bounds apply to
 * entries whose output length is known (from a reply or an {@code output_tokens} field).
 */
public record LengthBounds(
    int minInputTokens, int maxInputTokens, int minOutputTokens, int maxOutputTokens) {

  public LengthBounds {
    require("input", minInputTokens, maxInputTokens);
    require("output", minOutputTokens, maxOutputTokens);
  }

  /** Keeps every non-empty prompt. */
  public static LengthBounds any() {
    return new LengthBounds(1, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
  }

  public static LengthBounds input(int min, int max) {
    return any().withInput(min, max);
  }

  public LengthBounds withInput(int min, int max) {
    return new LengthBounds(min, max, minOutputTokens, maxOutputTokens);
  }

  public LengthBounds withOutput(int min, int max) {
    return new LengthBounds(minInputTokens, maxInputTokens, min, max);
  }

  boolean keeps(int inputTokens, int outputTokens) {
    boolean input = inputTokens >= minInputTokens && inputTokens <= maxInputTokens;
    boolean output =
        outputTokens < 0 || (outputTokens >= minOutputTokens && outputTokens <= maxOutputTokens);
    return input && output;
  }

  @Override
  public String toString() {
    return "input tokens "
        + range(minInputTokens, maxInputTokens)
        + ", output tokens "
        + range(minOutputTokens, maxOutputTokens);
  }

  private static String range(int min, int max) {
    return min + ".." + (max == Integer.MAX_VALUE ? "any" : Integer.toString(max));
  }

  private static void require(String side, int min, int max) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException(
          side
              + " token bounds were "
              + min
              + ".."
              + max
              + "; the minimum must be at least 1 and the maximum at least the minimum");
    }
  }
}
