package io.tokenload.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * The embedded target's own tokenizer: one token per whitespace-separated word of a fixed
 * vocabulary.
 *
 * <p>It is deliberately trivial so that lengths are exact by construction: a text of N words is N
 * tokens, and a generated token is streamed as a space followed by one word. Words outside the
 * vocabulary still count as one token each; they encode to {@link #UNKNOWN_ID}.
 */
public final class WordTokenizer implements Tokenizer {

  public static final int UNKNOWN_ID = 0;
  private static final String[] ONSETS = {
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z"
  };
  private static final String[] VOWELS = {"a", "e", "i", "o", "u"};
  private static final String[] CODAS = {"", "n", "r", "s", "l"};

  private static final WordTokenizer INSTANCE = new WordTokenizer();

  private final String[] words;
  private final Map<String, Integer> ids;
  private final int[] ordinaryIds;

  private WordTokenizer() {
    // Two syllables per word: 14*5*5 squared = 122,500 combinations; keep the first 4,096 (plus
    // <unk>).
    int size = 4096;
    words = new String[size + 1];
    words[UNKNOWN_ID] = "<unk>";
    ids = new HashMap<>(size * 2);
    int i = 1;
    outer:
    for (String o1 : ONSETS) {
      for (String v1 : VOWELS) {
        for (String o2 : ONSETS) {
          for (String v2 : VOWELS) {
            for (String c : CODAS) {
              String w = o1 + v1 + o2 + v2 + c;
              words[i] = w;
              ids.put(w, i);
              if (++i > size) {
                break outer;
              }
            }
          }
        }
      }
    }
    ordinaryIds = new int[size];
    for (int id = 1; id <= size; id++) {
      ordinaryIds[id - 1] = id;
    }
  }

  public static WordTokenizer instance() {
    return INSTANCE;
  }

  @Override
  public String name() {
    return "words";
  }

  /** Vocabulary size including the unknown-word id 0. */
  public int vocabularySize() {
    return words.length;
  }

  /** The word for {@code id}; ids wrap around the vocabulary, skipping the unknown id. */
  public String word(int id) {
    int n = words.length - 1;
    return words[1 + Math.floorMod(id - 1, n)];
  }

  /**
   * Every word of the vocabulary, ids 1 to 4,096: any sequence of them is exact by construction.
   */
  @Override
  public int[] ordinaryIds() {
    return ordinaryIds.clone();
  }

  @Override
  public int[] encode(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return new int[0];
    }
    String[] parts = trimmed.split("\\s+");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = ids.getOrDefault(parts[i], UNKNOWN_ID);
    }
    return out;
  }

  @Override
  public String decode(int[] tokenIds) {
    StringBuilder sb = new StringBuilder(tokenIds.length * 6);
    for (int i = 0; i < tokenIds.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(tokenIds[i] == UNKNOWN_ID ? words[UNKNOWN_ID] : word(tokenIds[i]));
    }
    return sb.toString();
  }

  @Override
  public int count(String text) {
    int n = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        n++;
      }
      inWord = !space;
    }
    return n;
  }
}
