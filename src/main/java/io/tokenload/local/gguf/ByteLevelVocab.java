package io.tokenload.local.gguf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tiny model's vocabulary: GPT-2's byte-level BPE alphabet (one token per byte, ids 0–255 in
 * byte order), a few merges of common English pairs, and ChatML's three special tokens. Enough for
 * llama.cpp's {@code gpt2} tokenizer to encode any text and for chat templates to work; the merges
 * only make sure the BPE path runs.
 *
 * <p>Byte-level BPE writes each byte as a printable character (GPT-2's {@code bytes_to_unicode}):
 * printable Latin-1 bytes stand for themselves, the other 68 bytes for U+0100 onwards, so a space
 * is {@code Ġ} (U+0120) and a line feed {@code Ċ} (U+010A).
 */
final class ByteLevelVocab {

  static final String END_OF_TEXT = "<|endoftext|>";
  static final String IM_START = "<|im_start|>";
  static final String IM_END = "<|im_end|>";

  /** llama.cpp's token types. */
  static final int NORMAL = 1;

  static final int CONTROL = 3;

  /** Merges in rank order; each pair's concatenation is also a token. */
  private static final List<String> MERGES =
      List.of("Ġ t", "h e", "i n", "e r", "a n", "o n", "Ġt he", "r e");

  private static final char[] BYTE_CHARS = byteChars();

  private ByteLevelVocab() {}

  /** Every token's text, by id: the 256 bytes, the merged tokens, then the special tokens. */
  static List<String> tokens() {
    List<String> tokens = new ArrayList<>();
    for (char c : BYTE_CHARS) {
      tokens.add(String.valueOf(c));
    }
    for (String merge : MERGES) {
      tokens.add(merge.replace(" ", ""));
    }
    tokens.addAll(List.of(END_OF_TEXT, IM_START, IM_END));
    return tokens;
  }

  static int[] tokenTypes() {
    int[] types = new int[size()];
    for (int id = 0; id < types.length; id++) {
      types[id] = id < firstSpecialId() ? NORMAL : CONTROL;
    }
    return types;
  }

  static List<String> merges() {
    return MERGES;
  }

  static int size() {
    return 256 + MERGES.size() + 3;
  }

  static int firstSpecialId() {
    return 256 + MERGES.size();
  }

  static int id(String special) {
    Map<String, Integer> ids =
        Map.of(
            END_OF_TEXT,
            firstSpecialId(),
            IM_START,
            firstSpecialId() + 1,
            IM_END,
            firstSpecialId() + 2);
    Integer id = ids.get(special);
    if (id == null) {
      throw new IllegalArgumentException(
          special + " is not a special token; allowed: " + ids.keySet());
    }
    return id;
  }

  /**
   * True for tokens that decode to printable ASCII text ({@code ' '} to {@code '~'}): every merged
   * token, and the bytes in that range. The others are control bytes, bytes that only make sense
   * inside a multi-byte UTF-8 character, and the special tokens.
   */
  static boolean isPrintableAscii(int id) {
    return (id >= ' ' && id <= '~') || (id >= 256 && id < firstSpecialId());
  }

  /** GPT-2's {@code bytes_to_unicode}: the character that stands for each byte. */
  private static char[] byteChars() {
    char[] chars = new char[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      chars[b] = printable ? (char) b : (char) next++;
    }
    return chars;
  }
}
