package io.tokenload.workload;

import io.tokenload.tokenizer.Tokenizer;
import java.util.List;

/**
 * A seeded sample of a dataset's prompts, measured with the server's tokenizer and kept within
 * length bounds: the prompts of one cell, in sample order.
 *
 * <p>Sampling measures every prompt once ({@link MeasuredDataset}) and shuffles those within the
 * bounds with the seed.
 */
public final class DatasetPrompts implements PromptSource {

  private final List<Prompt> prompts;

  DatasetPrompts(List<Prompt> prompts) {
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
    return MeasuredDataset.of(dataset, tokenizer, bounds)
        .sample(count, seed, templateOverheadTokens);
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
}
