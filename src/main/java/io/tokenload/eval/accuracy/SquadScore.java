package io.tokenload.eval.accuracy;

import io.tokenload.eval.data.Scripts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SQuAD's answer scoring (the official {@code evaluate-v2.0.py}), extended to Chinese and Japanese
 * as the MLQA and CMRC evaluations do.
 *
 * <p><b>Normalisation</b>: lower case; punctuation and symbols removed (every Unicode punctuation
 * and symbol character, so {@code 。，？} go as {@code .,?} do); the English articles {@code a},
 * {@code an}, {@code the} removed as whole words; runs of white space collapsed.
 *
 * <p><b>Tokens</b>: the normalised text split on white space, and every Han, Hiragana or Katakana
 * character a token of its own ({@code 巴黎是首都} is five tokens, {@code 在paris} two), since those
 * scripts put no spaces between words and a character split needs no segmenter.
 *
 * <p><b>Scores</b> against one reference: exact match is 1 when the normalised texts are equal;
 * precision = shared tokens / answer tokens, recall = shared tokens / reference tokens (tokens
 * counted with multiplicity), F1 their harmonic mean. When either side has no token, all three are
 * 1 if both are empty, else 0. Against several references the best F1 wins ({@link #best}).
 *
 * <p>Pure and thread-safe.
 */
public final class SquadScore {

  private static final Pattern PUNCTUATION = Pattern.compile("[\\p{P}\\p{S}]");
  private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * One answer scored against its best reference.
   *
   * @param precision shared tokens over the answer's tokens
   * @param recall shared tokens over the reference's tokens
   * @param f1 the harmonic mean of the two
   * @param exactMatch 1 when the normalised answer equals a normalised reference, else 0
   * @param reference the reference that gave the best F1
   */
  public record Score(
      double precision, double recall, double f1, double exactMatch, String reference) {}

  private SquadScore() {}

  /** The text as SQuAD compares it. */
  public static String normalize(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    s = PUNCTUATION.matcher(s).replaceAll("");
    s = ARTICLES.matcher(s).replaceAll(" ");
    return SPACES.matcher(s).replaceAll(" ").strip();
  }

  /** The normalised text's tokens: words, and Han, Hiragana and Katakana characters one by one. */
  public static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    String normal = normalize(text);
    for (int i = 0; i < normal.length(); ) {
      int cp = normal.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isWhitespace(cp) || Scripts.isCjk(cp)) {
        flush(word, tokens);
        if (!Character.isWhitespace(cp)) {
          tokens.add(new String(Character.toChars(cp)));
        }
      } else {
        word.appendCodePoint(cp);
      }
    }
    flush(word, tokens);
    return tokens;
  }

  /** {@code answer} against one reference. */
  public static Score score(String answer, String reference) {
    List<String> got = tokens(answer);
    List<String> want = tokens(reference);
    double exact = normalize(answer).equals(normalize(reference)) ? 1 : 0;
    if (got.isEmpty() || want.isEmpty()) {
      double same = got.isEmpty() && want.isEmpty() ? 1 : 0;
      return new Score(same, same, same, exact, reference);
    }
    Map<String, Integer> counts = new HashMap<>();
    want.forEach(t -> counts.merge(t, 1, Integer::sum));
    int shared = 0;
    for (String t : got) {
      Integer left = counts.get(t);
      if (left != null && left > 0) {
        counts.put(t, left - 1);
        shared++;
      }
    }
    if (shared == 0) {
      return new Score(0, 0, 0, exact, reference);
    }
    double precision = (double) shared / got.size();
    double recall = (double) shared / want.size();
    return new Score(
        precision, recall, 2 * precision * recall / (precision + recall), exact, reference);
  }

  /**
   * {@code answer} against its best reference: the highest F1 (the first on ties); exact match is 1
   * when any reference matches exactly, as SQuAD takes the maximum of each score separately.
   */
  public static Score best(String answer, List<String> references) {
    Score best = null;
    double exact = 0;
    for (String reference : references) {
      Score s = score(answer, reference);
      exact = Math.max(exact, s.exactMatch());
      if (best == null || s.f1() > best.f1()) {
        best = s;
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("no reference to score against");
    }
    return new Score(best.precision(), best.recall(), best.f1(), exact, best.reference());
  }

  private static void flush(StringBuilder word, List<String> tokens) {
    if (!word.isEmpty()) {
      tokens.add(word.toString());
      word.setLength(0);
    }
  }
}
