package io.tokenload.eval.attack;

import io.tokenload.eval.data.Scripts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * How each {@link Attack} edits text. A text is cut into units (characters for the character
 * attacks, words and CJK characters for word deletion); each eligible unit is edited with
 * probability {@code strength}, and when none was, one drawn at random is, so the prompt always
 * changes if it can.
 */
abstract class Perturbation {

  private static final String KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm";
  private static final Map<Character, Character> HOMOGLYPHS =
      Map.ofEntries(
          Map.entry('a', 'а'),
          Map.entry('c', 'с'),
          Map.entry('e', 'е'),
          Map.entry('i', 'і'),
          Map.entry('o', 'о'),
          Map.entry('p', 'р'),
          Map.entry('x', 'х'),
          Map.entry('y', 'у'),
          Map.entry('A', 'А'),
          Map.entry('B', 'В'),
          Map.entry('C', 'С'),
          Map.entry('E', 'Е'),
          Map.entry('H', 'Н'),
          Map.entry('K', 'К'),
          Map.entry('M', 'М'),
          Map.entry('O', 'О'),
          Map.entry('P', 'Р'),
          Map.entry('T', 'Т'),
          Map.entry('X', 'Х'));
  private static final String STRAY = ",.;!?";

  static Perturbation of(Attack attack) {
    return switch (attack) {
      case TYPO -> new Typo();
      case WORD_DELETION -> new WordDeletion();
      case HOMOGLYPH -> new CharMap(Perturbation::homoglyph);
      case PUNCTUATION -> new Punctuation();
      case CASE -> new CharMap(Perturbation::flipCase);
    };
  }

  /** Cuts the text into units, which joined give the text back. */
  abstract List<String> units(String text);

  abstract boolean eligible(String unit);

  /** Edits unit {@code i} of {@code out} in place (a swap may touch {@code i + 1} too). */
  abstract void edit(String[] out, int i, Random random);

  String apply(String text, double strength, Random random) {
    String[] out = units(text).toArray(String[]::new);
    List<Integer> eligible = new ArrayList<>();
    for (int i = 0; i < out.length; i++) {
      if (eligible(out[i])) {
        eligible.add(i);
      }
    }
    if (eligible.isEmpty()) {
      return text;
    }
    for (int i : eligible) {
      if (random.nextDouble() < strength) {
        edit(out, i, random);
      }
    }
    String result = String.join("", out);
    if (result.equals(text)) {
      edit(out, eligible.get(random.nextInt(eligible.size())), random);
      result = String.join("", out);
    }
    return result;
  }

  static List<String> codePoints(String text) {
    return text.codePoints().mapToObj(Character::toString).toList();
  }

  private static String homoglyph(String unit) {
    char c = unit.charAt(0);
    if (Character.isDigit(c) && c < 128) {
      return Character.toString('０' + (c - '0')); // full-width digit
    }
    Character look = HOMOGLYPHS.get(c);
    return look == null ? null : look.toString();
  }

  private static String flipCase(String unit) {
    char c = unit.charAt(0);
    if (Character.isUpperCase(c)) {
      return Character.toString(Character.toLowerCase(c));
    }
    return Character.isLowerCase(c) ? Character.toString(Character.toUpperCase(c)) : null;
  }

  /** Swaps a letter with the next, replaces it with a keyboard neighbour, or drops it. */
  private static final class Typo extends Perturbation {
    @Override
    List<String> units(String text) {
      return codePoints(text);
    }

    @Override
    boolean eligible(String unit) {
      return !unit.isEmpty() && Character.isLetterOrDigit(unit.codePointAt(0));
    }

    @Override
    void edit(String[] out, int i, Random random) {
      int kind = random.nextInt(3);
      if (kind == 0 && i + 1 < out.length && !out[i].equals(out[i + 1]) && eligible(out[i + 1])) {
        String next = out[i + 1];
        out[i + 1] = out[i];
        out[i] = next;
        return;
      }
      int k = out[i].isEmpty() ? -1 : KEYBOARD.indexOf(Character.toLowerCase(out[i].charAt(0)));
      if (kind == 1 && k >= 0) {
        int j = k + 1 < KEYBOARD.length() && KEYBOARD.charAt(k + 1) != ' ' ? k + 1 : k - 1;
        out[i] = Character.toString(KEYBOARD.charAt(j));
        return;
      }
      out[i] = "";
    }
  }

  /** Deletes whole words, or single CJK characters. */
  private static final class WordDeletion extends Perturbation {
    @Override
    List<String> units(String text) {
      List<String> units = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      text.codePoints()
          .forEach(
              cp -> {
                if (Character.isWhitespace(cp) || Scripts.isCjk(cp)) {
                  if (!word.isEmpty()) {
                    units.add(word.toString());
                    word.setLength(0);
                  }
                  units.add(Character.toString(cp));
                } else {
                  word.appendCodePoint(cp);
                }
              });
      if (!word.isEmpty()) {
        units.add(word.toString());
      }
      return units;
    }

    @Override
    boolean eligible(String unit) {
      return !unit.isBlank();
    }

    @Override
    void edit(String[] out, int i, Random random) {
      out[i] = "";
    }
  }

  /** Removes punctuation, and adds a stray mark after words. */
  private static final class Punctuation extends Perturbation {
    @Override
    List<String> units(String text) {
      return codePoints(text);
    }

    @Override
    boolean eligible(String unit) {
      return !unit.isEmpty() && !Character.isWhitespace(unit.codePointAt(0));
    }

    @Override
    void edit(String[] out, int i, Random random) {
      String unit = out[i];
      if (unit.isEmpty()) {
        return;
      }
      int type = Character.getType(unit.codePointAt(0));
      boolean punctuation =
          type >= Character.CONNECTOR_PUNCTUATION && type <= Character.OTHER_PUNCTUATION
              || type == Character.INITIAL_QUOTE_PUNCTUATION
              || type == Character.FINAL_QUOTE_PUNCTUATION;
      out[i] = punctuation ? "" : unit + STRAY.charAt(random.nextInt(STRAY.length()));
    }
  }

  /** Replaces single characters through a map; characters it does not map are not eligible. */
  private static final class CharMap extends Perturbation {
    private final Function<String, String> map;

    CharMap(Function<String, String> map) {
      this.map = map;
    }

    @Override
    List<String> units(String text) {
      return codePoints(text);
    }

    @Override
    boolean eligible(String unit) {
      return !unit.isEmpty() && map.apply(unit) != null;
    }

    @Override
    void edit(String[] out, int i, Random random) {
      String mapped = map.apply(out[i]);
      if (mapped != null) {
        out[i] = mapped;
      }
    }
  }
}
