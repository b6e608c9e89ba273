package io.tokenload.eval.data;

/**
 * Which characters belong to scripts written without spaces between words, where a character is the
 * unit that scoring, attacks and streaming take for a word.
 */
public final class Scripts {

  private Scripts() {}

  /** Han, Hiragana or Katakana: Chinese and Japanese. */
  public static boolean isCjk(int codePoint) {
    Character.UnicodeScript s = Character.UnicodeScript.of(codePoint);
    return s == Character.UnicodeScript.HAN
        || s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA;
  }
}
