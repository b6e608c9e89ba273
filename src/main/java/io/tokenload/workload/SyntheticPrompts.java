package io.tokenload.workload;

import io.tokenload.tokenizer.WordTokenizer;
import java.util.SplittableRandom;

/**
 * Random prompts of an exact length in the embedded target's tokenizer: N words are N tokens.
 *
 * <p>Each prompt is drawn from its own seed ({@code seed} mixed with the request's index), so a
 * cell's prompts are reproducible and differ from every other cell's: a server's prefix cache
 * cannot flatter later requests.
 */
public final class SyntheticPrompts {

  private final WordTokenizer words = WordTokenizer.instance();
  private final long seed;

  public SyntheticPrompts(long seed) {
    this.seed = seed;
  }

  /** The prompt of request {@code index}, exactly {@code tokens} words long. */
  public String prompt(long index, int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("tokens was " + tokens + ", must be at least 1");
    }
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
    int vocabulary = words.vocabularySize() - 1;
    StringBuilder sb = new StringBuilder(tokens * 6);
    for (int i = 0; i < tokens; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(words.word(1 + random.nextInt(vocabulary)));
    }
    return sb.toString();
  }
}
