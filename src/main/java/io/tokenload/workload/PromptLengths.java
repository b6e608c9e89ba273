package io.tokenload.workload;

import java.util.SplittableRandom;

/**
 * How long a cell's prompts are, counted as the server counts them ({@code usage.prompt_tokens}).
 *
 * <p>With a range ratio {@code r}, each prompt's length is drawn uniformly from {@code
 * [floor(N(1−r)), ceil(N(1+r))]}, like vLLM's {@code --random-range-ratio}; every drawn length is
 * then met exactly. The shared prefix and the template overhead are inside each length: a prompt of
 * length L carries {@code L − templateOverheadTokens} tokens of content, of which the first {@code
 * sharedPrefixTokens} are the same for every prompt of the cell.
 *
 * @param tokens N, the asked length
 * @param rangeRatio r, from 0 (every prompt exactly N) up to, not including, 1
 * @param sharedPrefixTokens content tokens every prompt of the cell starts with
 * @param templateOverheadTokens tokens the server adds around the content: its chat template, its
 *     BOS; measured with {@link TemplateProbe}
 */
public record PromptLengths(
    int tokens, double rangeRatio, int sharedPrefixTokens, int templateOverheadTokens) {

  /** So that 100 × (1 − 0.3), 69.99999999999999 in doubles, is 70 as the user meant. */
  private static final double ROUNDING = 1e-9;

  public PromptLengths {
    if (tokens < 1) {
      throw new IllegalArgumentException("input tokens was " + tokens + ", must be at least 1");
    }
    if (!(rangeRatio >= 0 && rangeRatio < 1)) {
      throw new IllegalArgumentException(
          "range ratio was " + rangeRatio + ", must be at least 0 and less than 1");
    }
    if (sharedPrefixTokens < 0) {
      throw new IllegalArgumentException(
          "shared prefix was " + sharedPrefixTokens + " tokens, must be 0 or more");
    }
    if (templateOverheadTokens < 0) {
      throw new IllegalArgumentException(
          "template overhead was " + templateOverheadTokens + " tokens, must be 0 or more");
    }
    int shortest = shortest(tokens, rangeRatio);
    int room = shortest - templateOverheadTokens;
    if (room < Math.max(1, sharedPrefixTokens)) {
      throw new IllegalArgumentException(
          "the shortest prompt, "
              + shortest
              + " tokens (input tokens "
              + tokens
              + ", range ratio "
              + rangeRatio
              + "), less the template overhead of "
              + templateOverheadTokens
              + " leaves "
              + room
              + " content tokens; it must leave at least "
              + Math.max(1, sharedPrefixTokens)
              + (sharedPrefixTokens > 0 ? " (the shared prefix)" : ""));
    }
  }

  /** Every prompt exactly {@code tokens} long, no shared prefix, no template overhead. */
  public static PromptLengths exactly(int tokens) {
    return new PromptLengths(tokens, 0, 0, 0);
  }

  public PromptLengths withRangeRatio(double value) {
    return new PromptLengths(tokens, value, sharedPrefixTokens, templateOverheadTokens);
  }

  public PromptLengths withSharedPrefix(int value) {
    return new PromptLengths(tokens, rangeRatio, value, templateOverheadTokens);
  }

  public PromptLengths withTemplateOverhead(int value) {
    return new PromptLengths(tokens, rangeRatio, sharedPrefixTokens, value);
  }

  /** The shortest length drawn: {@code floor(N(1−r))}. */
  public int minTokens() {
    return shortest(tokens, rangeRatio);
  }

  /** The longest length drawn: {@code ceil(N(1+r))}. */
  public int maxTokens() {
    return (int) Math.ceil(tokens * (1 + rangeRatio) - ROUNDING);
  }

  private static int shortest(int tokens, double rangeRatio) {
    return (int) Math.floor(tokens * (1 - rangeRatio) + ROUNDING);
  }

  /** One prompt's length, uniform over {@link #minTokens()} to {@link #maxTokens()} inclusive. */
  int draw(SplittableRandom random) {
    int min = minTokens();
    int max = maxTokens();
    return min == max ? min : min + random.nextInt(max - min + 1);
  }
}
