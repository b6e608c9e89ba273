package io.tokenload.simulator;

import io.tokenload.tokenizer.WordTokenizer;

/**
 * What one response will say: how many tokens, why it stops, and which word each token is.
 *
 * <p>Everything follows from the prompt's hash, so a prompt always gets the same answer. Token
 * {@code i} is a space and one vocabulary word, so the whole output re-tokenizes with {@link
 * WordTokenizer} to exactly {@link #tokens()} tokens, however the stream split it into chunks.
 *
 * @param tokens output tokens, at least 1
 * @param finishReason {@code length} when generation stopped at {@code max_tokens}, else {@code
 *     stop} (the simulated model emitted its end-of-sequence token)
 * @param seed the prompt hash the words are drawn from
 */
record OutputPlan(int tokens, String finishReason, long seed) {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long EOS_SALT = 0x3C6EF372FE94F82BL;

  /** {@code " " + word} for every vocabulary word, built once so no token allocates. */
  private static final String[] SPACED_WORDS = spacedWords();

  /**
   * With {@code ignore_eos} the output is exactly {@code max_tokens}. Otherwise the simulated model
   * ends at a point drawn uniformly from {@code [max(1, min_tokens), max_tokens]}, like a model
   * whose natural answer length varies per prompt.
   */
  static OutputPlan of(CompletionRequest request) {
    int max = request.maxTokens();
    int tokens = max;
    if (!request.ignoreEos()) {
      int min = Math.max(1, request.minTokens());
      long span = (long) max - min + 1;
      tokens = min + (int) Long.remainderUnsigned(mix(request.promptHash() ^ EOS_SALT), span);
    }
    return new OutputPlan(tokens, tokens == max ? "length" : "stop", request.promptHash());
  }

  /** Token {@code i}'s text: a space and one word. */
  String token(int i) {
    long pick = Long.remainderUnsigned(mix(seed + GOLDEN * (i + 1L)), SPACED_WORDS.length);
    return SPACED_WORDS[(int) pick];
  }

  /** Tokens {@code from} (inclusive) to {@code to} (exclusive), concatenated. */
  String text(int from, int to) {
    StringBuilder sb = new StringBuilder((to - from) * 8);
    for (int i = from; i < to; i++) {
      sb.append(token(i));
    }
    return sb.toString();
  }

  /** SplitMix64's finalizer: a cheap, well-spread 64-bit mix. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static String[] spacedWords() {
    WordTokenizer tokenizer = WordTokenizer.instance();
    // Id 0 is the unknown word; real words are 1 .. vocabularySize - 1.
    String[] words = new String[tokenizer.vocabularySize() - 1];
    for (int i = 0; i < words.length; i++) {
      words[i] = " " + tokenizer.word(i + 1);
    }
    return words;
  }
}
