package io.tokenload.simulator;

import io.tokenload.tokenizer.WordTokenizer;

/**
 * What one response will say: how many tokens, how many of them are reasoning, why it stops, and
 * which word each token is.
 *
 * <p>Everything follows from the prompt's hash, so a prompt always gets the same answer. Token
 * {@code i} is a space and one vocabulary word, so the whole output re-tokenizes with {@link
 * WordTokenizer} to exactly {@link #tokens()} tokens, however the stream split it into chunks.
 *
 * <p>The first {@link #reasoningTokens()} tokens are reasoning (vLLM's {@code reasoning_content}),
 * the rest the answer; both count as completion tokens and against {@code max_tokens}, as in vLLM.
 * A streamed chunk never mixes the two.
 *
 * @param tokens output tokens, reasoning included, at least 1
 * @param reasoningTokens leading tokens that are reasoning, from 0 to {@code tokens}
 * @param finishReason {@code length} when generation stopped at {@code max_tokens}, else {@code
 *     stop} (the simulated model emitted its end-of-sequence token)
 * @param seed the prompt hash the words are drawn from
 */
record OutputPlan(int tokens, int reasoningTokens, String finishReason, long seed) {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long EOS_SALT = 0x3C6EF372FE94F82BL;

  /** {@code " " + word} for every vocabulary word, built once so no token allocates. */
  private static final String[] SPACED_WORDS = spacedWords();

  /** A plan without reasoning. */
  OutputPlan(int tokens, String finishReason, long seed) {
    this(tokens, 0, finishReason, seed);
  }

  /**
   * With {@code ignore_eos} the output is exactly {@code max_tokens}. Otherwise the simulated model
   * reasons for its {@code reasoningTokens} (cut short by {@code max_tokens}), then ends its answer
   * at a point drawn uniformly from {@code [max(1, min_tokens - reasoning), max_tokens -
   * reasoning]}, like a model whose natural answer length varies per prompt.
   */
  static OutputPlan of(CompletionRequest request) {
    return of(request, request.promptHash());
  }

  /** The plan for one prompt of a batch: the request's limits, that prompt's hash. */
  static OutputPlan of(CompletionRequest request, long promptHash) {
    int max = request.maxTokens();
    int reasoning = Math.min(request.reasoningTokens(), max);
    int tokens = max;
    if (!request.ignoreEos() && reasoning < max) {
      int min = Math.max(1, request.minTokens() - reasoning);
      long span = (long) max - reasoning - min + 1;
      long draw = Long.remainderUnsigned(mix(promptHash ^ EOS_SALT), span);
      tokens = reasoning + min + (int) draw;
    }
    return new OutputPlan(tokens, reasoning, tokens == max ? "length" : "stop", promptHash);
  }

  /** Chunks a stream of this plan takes at {@code perChunk} tokens each. */
  int chunkCount(int perChunk) {
    return ceilDiv(reasoningTokens, perChunk) + ceilDiv(tokens - reasoningTokens, perChunk);
  }

  /** The first token of chunk {@code chunk}. */
  int chunkStart(int chunk, int perChunk) {
    int reasoningChunks = ceilDiv(reasoningTokens, perChunk);
    return chunk < reasoningChunks
        ? chunk * perChunk
        : reasoningTokens + (chunk - reasoningChunks) * perChunk;
  }

  /** The token after the last of chunk {@code chunk}: tokens sent once it is. */
  int chunkEnd(int chunk, int perChunk) {
    int reasoningChunks = ceilDiv(reasoningTokens, perChunk);
    return chunk < reasoningChunks
        ? Math.min((chunk + 1) * perChunk, reasoningTokens)
        : Math.min(reasoningTokens + (chunk - reasoningChunks + 1) * perChunk, tokens);
  }

  /** Whether token {@code i} is reasoning rather than answer. */
  boolean isReasoning(int i) {
    return i < reasoningTokens;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
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
