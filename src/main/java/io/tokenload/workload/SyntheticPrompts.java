package io.tokenload.workload;

import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.tokenizer.WordTokenizer;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Random prompts whose lengths, in the server's tokenizer, are exactly what was asked.
 *
 * <p>Each prompt is random token ids of the tokenizer's ordinary vocabulary, decoded, re-encoded
 * and adjusted until the text is exactly as long as asked (see {@link ExactText}); one that cannot
 * be made exact throws {@link InexactPromptException} instead of being sent off by a token. The
 * asked length comes from {@link PromptLengths}: the server-side length L, of which {@code
 * templateOverheadTokens} are the server's own (chat template, BOS), so the text carries {@code L −
 * overhead} tokens, the first {@code sharedPrefixTokens} of them the same for every prompt.
 *
 * <p>Each prompt is drawn from its own seed ({@code seed} mixed with the request's index), so a
 * cell's prompts are reproducible and differ from every other cell's: a server's prefix cache
 * cannot flatter later requests, except through the shared prefix asked for. With {@link
 * WordTokenizer}, the embedded target's, every draw is exact at the first try.
 */
public final class SyntheticPrompts implements PromptSource {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long PREFIX_STREAM = 0x5DEECE66DL;

  private final ExactText exact;
  private final PromptLengths lengths;
  private final long seed;
  private final int[] prefixIds;

  /**
   * Prompts of {@code lengths} in {@code tokenizer}, from {@code seed}; makes the shared prefix at
   * once.
   *
   * @throws InexactPromptException when the shared prefix cannot be made exact
   */
  public SyntheticPrompts(Tokenizer tokenizer, PromptLengths lengths, long seed) {
    this.exact = new ExactText(Objects.requireNonNull(tokenizer, "tokenizer"));
    this.lengths = Objects.requireNonNull(lengths, "lengths");
    this.seed = seed;
    int p = lengths.sharedPrefixTokens();
    this.prefixIds =
        p == 0
            ? new int[0]
            : tokenizer.encode(
                exact.make(
                    new int[0],
                    p,
                    new SplittableRandom(seed ^ PREFIX_STREAM),
                    "the shared prefix"));
  }

  /** Prompts of exactly {@code tokens} words in the embedded target's tokenizer. */
  public static SyntheticPrompts words(int tokens, long seed) {
    return new SyntheticPrompts(WordTokenizer.instance(), PromptLengths.exactly(tokens), seed);
  }

  public Tokenizer tokenizer() {
    return exact.tokenizer();
  }

  public PromptLengths lengths() {
    return lengths;
  }

  /** The shared prefix's text, empty when there is none. */
  public String sharedPrefix() {
    return prefixIds.length == 0 ? "" : exact.tokenizer().decode(prefixIds);
  }

  /**
   * The prompt of request {@code index}: a text of exactly {@code promptTokensAsked −
   * templateOverheadTokens} tokens; the output length is left to the cell.
   */
  @Override
  public Prompt prompt(long index) {
    SplittableRandom random = new SplittableRandom(seed * GOLDEN + index);
    int asked = lengths.draw(random);
    int content = asked - lengths.templateOverheadTokens();
    String text = exact.make(prefixIds, content, random, "prompt " + index);
    return new Prompt(text, asked, Prompt.CELL_OUTPUT);
  }
}
