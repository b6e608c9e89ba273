package io.tokenload.tokenizer;

/**
 * Turns text into token ids and back. Implementations are thread-safe.
 *
 * <p>Counting is of the text alone: {@link #encode} never adds the special tokens a model wraps
 * around a sequence (a BOS such as {@code <|begin_of_text|>}, an EOS). What a server adds on top,
 * through its chat template or its BOS, is measured against the server itself (see {@code
 * io.tokenload.workload.TemplateProbe}), not guessed here.
 */
public interface Tokenizer {

  /** A short name that reports can show, such as {@code words} or a tokenizer file's path. */
  String name();

  /** The ids of {@code text}, without any added special tokens. */
  int[] encode(String text);

  /** The text of {@code ids}; special tokens are written out, so the text encodes back to them. */
  String decode(int[] ids);

  /** Number of tokens in {@code text}; the same as {@code encode(text).length}, often cheaper. */
  default int count(String text) {
    return encode(text).length;
  }

  /**
   * The ids a synthetic prompt may be drawn from, in ascending order: vocabulary entries that are
   * not special or added tokens (no {@code <|im_start|>}, no {@code <think>}) and that decode on
   * their own to visible, complete text (no lone UTF-8 fragments, no control characters).
   *
   * @throws UnsupportedOperationException when this tokenizer does not list its vocabulary
   */
  default int[] ordinaryIds() {
    throw new UnsupportedOperationException(
        "tokenizer "
            + name()
            + " does not list its ordinary token ids, so it cannot make synthetic prompts; use"
            + " 'words' or a tokenizer.json");
  }
}
