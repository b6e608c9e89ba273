package io.tokenload.tokenizer;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Chooses a tokenizer from a setting's value. */
public final class Tokenizers {

  /** The spec of the embedded target's own tokenizer, the default. */
  public static final String WORDS = "words";

  private Tokenizers() {}

  /**
   * {@code words} for {@link WordTokenizer} (the embedded target's), else the path of a {@code
   * tokenizer.json}, of a model folder containing one, or of a Hugging Face cache folder ({@code
   * models--org--name}); see {@link HfTokenizer#load}. Nothing is downloaded. An {@link
   * HfTokenizer} holds native memory until it is closed; a run keeps its tokenizer to the end.
   *
   * @throws IllegalArgumentException when {@code spec} is blank, or its path is missing or not a
   *     tokenizer
   */
  public static Tokenizer load(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException(
          "tokenizer is " + (spec == null ? "null" : "blank") + "; expected " + allowed());
    }
    String value = spec.strip();
    if (value.equals(WORDS)) {
      return WordTokenizer.instance();
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "tokenizer '"
              + value
              + "' is not a valid path ("
              + e.getReason()
              + "); expected "
              + allowed(),
          e);
    }
    return HfTokenizer.load(path);
  }

  private static String allowed() {
    return "'"
        + WORDS
        + "' (the embedded target's tokenizer) or the path of "
        + TokenizerFiles.EXPECTED;
  }
}
