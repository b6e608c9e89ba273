package io.tokenload.tokenizer;

/** Turns text into token ids and back. Implementations are thread-safe. */
public interface Tokenizer {

  /** A short name that reports can show, such as {@code words} or a tokenizer file's path. */
  String name();

  int[] encode(String text);

  String decode(int[] ids);

  /** Number of tokens in {@code text}; the same as {@code encode(text).length}, often cheaper. */
  default int count(String text) {
    return encode(text).length;
  }
}
