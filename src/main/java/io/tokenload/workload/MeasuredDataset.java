package io.tokenload.workload;

import io.tokenload.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A dataset's prompts measured once in the run's tokenizer and kept within length bounds, from
 * which each cell draws a seeded sample. Measuring once keeps a real tokenizer's cost to one pass
 * over the file, however many cells the run has.
 *
 * <p>Each prompt asks the server for its measured length (plus the template overhead given when
 * sampling) and for its output length: the {@code output_tokens} given, else the reference reply's
 * length in the tokenizer, else the cell's.
 */
public final class MeasuredDataset {

  private final Path file;
  private final List<Prompt> kept;
  private final int read;
  private final LengthBounds bounds;
  private final String tokenizerName;

  private MeasuredDataset(
      Path file, List<Prompt> kept, int read, LengthBounds bounds, String tokenizerName) {
    this.file = file;
    this.kept = List.copyOf(kept);
    this.read = read;
    this.bounds = bounds;
    this.tokenizerName = tokenizerName;
  }

  /** Measures every prompt of {@code dataset} with {@code tokenizer}, keeping those in bounds. */
  public static MeasuredDataset of(Dataset dataset, Tokenizer tokenizer, LengthBounds bounds) {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(bounds, "bounds");
    List<Prompt> kept = new ArrayList<>();
    for (DatasetEntry entry : dataset.entries()) {
      int input = tokenizer.count(entry.prompt());
      int output = outputTokens(entry, tokenizer);
      if (bounds.keeps(input, output)) {
        kept.add(new Prompt(entry.prompt(), input, output < 1 ? Prompt.CELL_OUTPUT : output));
      }
    }
    return new MeasuredDataset(
        dataset.file(), kept, dataset.entries().size(), bounds, tokenizer.name());
  }

  /** How many prompts are within the bounds. */
  public int size() {
    return kept.size();
  }

  /**
   * Fails unless {@code count} distinct prompts can be sampled, naming the file and {@code forWhat}
   * (such as {@code cell in128-out128-c8}).
   *
   * @throws DatasetException when fewer than {@code count} prompts are within the bounds
   */
  public void require(int count, String forWhat) {
    if (kept.size() < count) {
      throw new DatasetException(
          file,
          null,
          "only "
              + kept.size()
              + " of its "
              + read
              + " prompts are within "
              + bounds
              + " in tokenizer "
              + tokenizerName
              + ", and "
              + count
              + " were asked for"
              + (forWhat == null ? "" : " (" + forWhat + ")")
              + "; widen the bounds or ask for fewer (a prompt is never sent twice in a cell,"
              + " which would flatter a prefix cache)");
    }
  }

  /**
   * {@code count} distinct prompts, in an order shuffled with {@code seed}.
   *
   * @param templateOverheadTokens tokens the server adds to each prompt, added to its asked length
   */
  public DatasetPrompts sample(int count, long seed, int templateOverheadTokens) {
    if (count < 1) {
      throw new IllegalArgumentException("count was " + count + ", must be at least 1");
    }
    require(count, null);
    return new DatasetPrompts(shuffled(seed, templateOverheadTokens).subList(0, count));
  }

  /**
   * Every prompt within the bounds, shuffled with {@code seed}, then again from the first: for a
   * time-bounded cell (a ramp step), which sends until its time is up however many that is.
   */
  public PromptSource cycling(long seed, int templateOverheadTokens) {
    require(1, null);
    List<Prompt> order = shuffled(seed, templateOverheadTokens);
    return index -> order.get((int) (index % order.size()));
  }

  private List<Prompt> shuffled(long seed, int templateOverheadTokens) {
    if (templateOverheadTokens < 0) {
      throw new IllegalArgumentException(
          "template overhead was " + templateOverheadTokens + " tokens, must be 0 or more");
    }
    List<Prompt> order = new ArrayList<>(kept.size());
    SplittableRandom random = new SplittableRandom(seed);
    int[] index = new int[kept.size()];
    for (int i = 0; i < index.length; i++) {
      index[i] = i;
    }
    for (int i = index.length - 1; i > 0; i--) { // Fisher–Yates
      int j = random.nextInt(i + 1);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    for (int i : index) {
      Prompt p = kept.get(i);
      order.add(
          new Prompt(
              p.text(), p.promptTokensAsked() + templateOverheadTokens, p.outputTokensAsked()));
    }
    return order;
  }

  private static int outputTokens(DatasetEntry entry, Tokenizer tokenizer) {
    if (entry.outputTokens() > 0) {
      return entry.outputTokens();
    }
    return entry.reply() == null ? -1 : tokenizer.count(entry.reply());
  }
}
