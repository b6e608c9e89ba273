package io.tokenload.stream;

import io.tokenload.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The text chunks of one stream in arrival order, and the three ways of counting their tokens.
 *
 * <p>Counting waits until the stream is over, because which count applies ({@code usage}, {@code
 * tokenizer} or {@code chunks}) is only known then. Texts are kept only when a tokenizer may need
 * them: from the first text chunk without a running usage count on. A stream whose every chunk
 * carries its count (vLLM's {@code continuous_usage_stats}) keeps none, so its texts die young, as
 * a load run's garbage should, and the hot path stores two numbers per chunk.
 */
final class ChunkLog {

  private long[] arrivalNanos = new long[64];
  private int[] runningCompletionTokens = new int[64];
  private final boolean keepTexts;
  private String[] texts;
  private boolean sawChunkWithoutUsage;
  private int size;

  /** A log that keeps chunk texts when {@code keepTexts} (for a tokenizer), as far as needed. */
  ChunkLog(boolean keepTexts) {
    this.keepTexts = keepTexts;
  }

  /**
   * Adds a text chunk.
   *
   * @param runningCompletionTokens the chunk's {@code usage.completion_tokens}, -1 when it had none
   * @param chunk the chunk, whose text is read only when it must be kept
   */
  void add(long arrival, int runningCompletionTokens, Chunk chunk) {
    if (size == arrivalNanos.length) {
      int capacity = size * 2;
      arrivalNanos = Arrays.copyOf(arrivalNanos, capacity);
      this.runningCompletionTokens = Arrays.copyOf(this.runningCompletionTokens, capacity);
    }
    arrivalNanos[size] = arrival;
    this.runningCompletionTokens[size] = runningCompletionTokens;
    sawChunkWithoutUsage |= runningCompletionTokens < 0;
    if (keepTexts && sawChunkWithoutUsage) {
      keepText(chunk.text());
    }
    size++;
  }

  private void keepText(String text) {
    if (texts == null) {
      texts = new String[arrivalNanos.length];
    } else if (texts.length < arrivalNanos.length) {
      texts = Arrays.copyOf(texts, arrivalNanos.length);
    }
    texts[size] = text;
  }

  int size() {
    return size;
  }

  /** Each chunk's arrival as an offset from {@code originNanos}. */
  long[] offsetsFrom(long originNanos) {
    long[] offsets = new long[size];
    for (int i = 0; i < size; i++) {
      offsets[i] = arrivalNanos[i] - originNanos;
    }
    return offsets;
  }

  /** True when every text chunk carried {@code usage.completion_tokens}. */
  boolean allCarryUsage() {
    for (int i = 0; i < size; i++) {
      if (runningCompletionTokens[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tokens per chunk from the server's running count: the count at this text chunk minus the count
   * at the previous text chunk (0 before the first). Tokens reported on chunks without text (a
   * token whose bytes do not yet form a character) thus go to the chunk whose text carries them; a
   * text chunk whose count did not advance gets 0 (its text belongs to tokens already counted), and
   * a count that went backwards also gives 0, so the sum is the highest count seen on a text chunk.
   */
  int[] tokensFromUsage() {
    int[] tokens = new int[size];
    int previous = 0;
    for (int i = 0; i < size; i++) {
      int running = runningCompletionTokens[i];
      tokens[i] = Math.max(0, running - previous);
      previous = Math.max(previous, running);
    }
    return tokens;
  }

  /**
   * Tokens per chunk from {@code tokenizer} on each chunk's text (reasoning and content). Chunks
   * before the first one without a running count carry their counts, whose differences are their
   * tokens, as in {@link #tokensFromUsage}; their texts were not kept.
   */
  int[] tokensFromTokenizer(Tokenizer tokenizer) {
    if (!keepTexts) {
      throw new IllegalStateException(
          "chunk texts were not kept: the log was made without a tokenizer");
    }
    int[] tokens = new int[size];
    int previous = 0;
    for (int i = 0; i < size; i++) {
      String text = texts == null ? null : texts[i];
      if (text != null) {
        tokens[i] = tokenizer.count(text);
      } else {
        int running = runningCompletionTokens[i];
        tokens[i] = Math.max(0, running - previous);
        previous = Math.max(previous, running);
      }
    }
    return tokens;
  }

  /** One token per chunk: the count when neither usage nor a tokenizer is available. */
  int[] onePerChunk() {
    int[] tokens = new int[size];
    Arrays.fill(tokens, 1);
    return tokens;
  }
}
