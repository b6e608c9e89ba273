package io.tokenload.stream;

import io.tokenload.tokenizer.Tokenizer;
import java.util.Arrays;

/**
 * The text chunks of one stream in arrival order, and the three ways of counting their tokens.
 *
 * <p>Counting waits until the stream is over, because which count applies ({@code usage}, {@code
 * tokenizer} or {@code chunks}) is only known then; texts are kept only when a tokenizer may need
 * them, so the hot path stores two numbers and a reference per chunk.
 */
final class ChunkLog {

  private long[] arrivalNanos = new long[64];
  private int[] runningCompletionTokens = new int[64];
  private String[] texts;
  private int size;

  /** A log that keeps each chunk's text when {@code keepTexts} (for a tokenizer). */
  ChunkLog(boolean keepTexts) {
    texts = keepTexts ? new String[64] : null;
  }

  /**
   * Adds a text chunk.
   *
   * @param runningCompletionTokens the chunk's {@code usage.completion_tokens}, -1 when it had none
   */
  void add(long arrival, int runningCompletionTokens, String text) {
    if (size == arrivalNanos.length) {
      int capacity = size * 2;
      arrivalNanos = Arrays.copyOf(arrivalNanos, capacity);
      this.runningCompletionTokens = Arrays.copyOf(this.runningCompletionTokens, capacity);
      if (texts != null) {
        texts = Arrays.copyOf(texts, capacity);
      }
    }
    arrivalNanos[size] = arrival;
    this.runningCompletionTokens[size] = runningCompletionTokens;
    if (texts != null) {
      texts[size] = text;
    }
    size++;
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

  /** Tokens per chunk from {@code tokenizer} on each chunk's text (reasoning and content). */
  int[] tokensFromTokenizer(Tokenizer tokenizer) {
    if (texts == null) {
      throw new IllegalStateException(
          "chunk texts were not kept: the log was made without a tokenizer");
    }
    int[] tokens = new int[size];
    for (int i = 0; i < size; i++) {
      tokens[i] = tokenizer.count(texts[i]);
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
