package io.tokenload.eval.attack;

import io.tokenload.eval.EvalException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Text perturbations of a prompt, black-box attacks that need only the server's answers. Each
 * touches every eligible unit (character or word) with probability {@code strength}, drawn from a
 * seeded {@link Random}, and at least one unit when {@code strength > 0} so no attacked prompt goes
 * out unchanged by chance. Han, Hiragana and Katakana characters count as words, since those
 * scripts put no spaces between words.
 *
 * <p>The platform guide's {@code fgsm} is a gradient attack on image pixels, which a text API
 * cannot receive; {@link #TYPO} is its stand-in (the character edits of black-box text attacks such
 * as DeepWordBug), and {@code --attack fgsm} selects it.
 */
public enum Attack {
  /** Adjacent characters swapped, a character replaced by a keyboard neighbour, or dropped. */
  TYPO("typo"),
  /** Words (or CJK characters) deleted. */
  WORD_DELETION("word-deletion"),
  /** Latin letters and digits replaced by Cyrillic or full-width look-alikes. */
  HOMOGLYPH("homoglyph"),
  /** Punctuation removed, and stray punctuation inserted after words. */
  PUNCTUATION("punctuation"),
  /** Letters' case flipped. */
  CASE("case");

  /** The name the platform guide uses for its one adversarial attack. */
  public static final String FGSM = "fgsm";

  private final String wireName;

  Attack(String wireName) {
    this.wireName = wireName;
  }

  /** The name in {@code --attack} and {@code attack_type}. */
  public String wireName() {
    return wireName;
  }

  /** Parses a name, or {@code fgsm} for {@link #TYPO}; the error lists what is allowed. */
  public static Attack parse(String name) {
    if (FGSM.equalsIgnoreCase(name)) {
      return TYPO;
    }
    for (Attack a : values()) {
      if (a.wireName.equalsIgnoreCase(name)) {
        return a;
      }
    }
    throw new EvalException("--attack was '" + name + "'; allowed: " + allowed());
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Attack::wireName).collect(Collectors.joining(", "))
        + " (fgsm = typo)";
  }

  /** {@code text} perturbed at {@code strength} (0 to 1), drawing from {@code random}. */
  public String apply(String text, double strength, Random random) {
    if (strength < 0 || strength > 1) {
      throw new IllegalArgumentException("strength was " + strength + ", must be from 0 to 1");
    }
    if (strength == 0) {
      return text;
    }
    return Perturbation.of(this).apply(text, strength, random);
  }

  @Override
  public String toString() {
    return wireName.toLowerCase(Locale.ROOT);
  }
}
