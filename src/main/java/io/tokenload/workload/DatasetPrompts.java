package io.tokenload.workload;

import io.tokenload.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A seeded sample of a dataset's prompts, measured with the server's tokenizer and kept within
 * length bounds: the prompts of one cell, in sample order.
 *
 * <p>Sampling shuffles the entries with the seed and walks them, measuring each with the tokenizer
 * until enough pass the bounds, so only what is used is tokenized. Each prompt asks the server for
 * its measured length plus the template overhead, and for its output length: the {@code
 * output_tokens} given, else the reference reply's length in the tokenizer, else the cell's.
 */
public final class DatasetPrompts implements PromptSource {

  private final List<Prompt> prompts;

  private DatasetPrompts(List<Prompt> prompts) {
    this.prompts = List.copyOf(prompts);
  }

  /**
   * {@code count} prompts of {@code dataset}, sampled with {@code seed} among those within {@code
   * bounds}, each prompt at most once.
   *
   * @param templateOverheadTokens tokens the server adds to each prompt (see {@link
   *     TemplateProbe}), added to each prompt's asked length
   * @throws DatasetException when fewer than {@code count} entries are within the bounds
   */
  public static DatasetPrompts sample(
      Dataset dataset,
      Tokenizer tokenizer,
      LengthBounds bounds,
      int count,
      long seed,
      int templateOverheadTokens) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(bounds, "bounds");
    if (count < 1) {
      throw new IllegalArgumentException("count was " + count + ", must be at least 1");
    }
    if (templateOverheadTokens < 0) {
      throw new IllegalArgumentException(
          "template overhead was " + templateOverheadTokens + " tokens, must be 0 or more");
    }
    List<DatasetEntry> entries = dataset.entries();
    int[] order = shuffled(entries.size(), seed);
    List<Prompt> kept = new ArrayList<>(count);
    for (int i = 0; i < order.length && kept.size() < count; i++) {
      DatasetEntry entry = entries.get(order[i]);
      int input = tokenizer.count(entry.prompt());
      int output = outputTokens(entry, tokenizer);
      if (bounds.keeps(input, output)) {
        int asked = output < 1 ? Prompt.CELL_OUTPUT : output;
        kept.add(new Prompt(entry.prompt(), input + templateOverheadTokens, asked));
      }
    }
    if (kept.size() < count) {
      throw new DatasetException(
          dataset.file(),
          null,
          "only "
              + kept.size()
              + " of its "
              + entries.size()
              + " prompts are within "
              + bounds
              + " in tokenizer "
              + tokenizer.name()
              + ", and "
              + count
              + " were asked for; widen the bounds or ask for fewer (a prompt is never sent"
              + " twice, which would flatter a prefix cache)");
    }
    return new DatasetPrompts(kept);
  }

  /** The sampled prompts, in order. */
  public List<Prompt> prompts() {
    return prompts;
  }

  /**
   * @throws IndexOutOfBoundsException when {@code index} is beyond the sample
   */
  @Override
  public Prompt prompt(long index) {
    if (index < 0 || index >= prompts.size()) {
      throw new IndexOutOfBoundsException(
          "request "
              + index
              + " has no prompt: the dataset sample holds "
              + prompts.size()
              + "; sample at least as many prompts as requests");
    }
    return prompts.get((int) index);
  }

  private static int outputTokens(DatasetEntry entry, Tokenizer tokenizer) {
    if (entry.outputTokens() > 0) {
      return entry.outputTokens();
    }
    return entry.reply() == null ? -1 : tokenizer.count(entry.reply());
  }

  /** A seeded Fisher–Yates shuffle of 0..n−1. */
  private static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
