package io.tokenload.workload;

import io.tokenload.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Makes random text that encodes to exactly N tokens in a tokenizer.
 *
 * <p>Random token ids do not survive a round trip: decoded side by side, neighbours merge ("hel" +
 * "lo" re-encodes as "hello") or split, so the text's length is not the number of ids drawn. Peer
 * tools decode, re-encode and log the miss. Here the re-encoded ids are kept and adjusted: cut back
 * to N when too long, topped up with fresh random ids when too short, then decoded and re-encoded
 * again, until the text is exactly N. Only the tail moves between tries, so it settles in a few;
 * fresh ids break any cycle.
 *
 * <p>An accepted text also has no whitespace at either end (a chat template may trim content, as
 * Llama 3's does, which would change the count) and, when a prefix is given, encodes to the
 * prefix's ids followed by the rest: the shared prefix stays token-identical, so a server's prefix
 * cache sees it.
 */
final class ExactText {

  /** Tries per text; each is one decode and one encode of the whole text. */
  static final int MAX_TRIES = 64;

  private final Tokenizer tokenizer;
  private final int[] pool;

  ExactText(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    this.pool = tokenizer.ordinaryIds();
    if (pool.length == 0) {
      throw new IllegalArgumentException(
          "tokenizer " + tokenizer.name() + " has no ordinary token ids to draw prompts from");
    }
  }

  Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * Text of exactly {@code tokens} tokens that starts with the ids {@code prefix}.
   *
   * @param prefix ids the text must encode to first; empty for none
   * @param tokens the text's length, at least {@code max(1, prefix.length)}
   * @param what what the text is, for the error message: {@code prompt 17}, {@code shared prefix}
   * @throws InexactPromptException after {@link #MAX_TRIES} tries
   */
  String make(int[] prefix, int tokens, SplittableRandom random, String what) {
    int p = prefix.length;
    int m = tokens - p;
    int[] ids = concat(prefix, draw(random, m));
    int closest = -1;
    int tries = 0;
    while (tries < MAX_TRIES) {
      tries++;
      String text = tokenizer.decode(ids);
      int[] encoded = tokenizer.encode(text);
      boolean keepsPrefix = startsWith(encoded, prefix);
      boolean leading = !text.isEmpty() && isSpace(text.charAt(0));
      boolean trailing = !text.isEmpty() && isSpace(text.charAt(text.length() - 1));
      if (encoded.length == tokens && keepsPrefix && !leading && !trailing) {
        return text;
      }
      if (closest < 0 || Math.abs(encoded.length - tokens) < Math.abs(closest - tokens)) {
        closest = encoded.length;
      }
      if (m == 0) {
        break; // nothing after the prefix to adjust
      }
      if (!keepsPrefix) {
        // The first id after the prefix merged into it: replace that id, keep the rest.
        ids[p] = draw(random);
        continue;
      }
      int[] rest = Arrays.copyOfRange(encoded, p, encoded.length);
      if (rest.length >= m) {
        rest = Arrays.copyOf(rest, m);
      } else {
        rest = concat(rest, draw(random, m - rest.length));
      }
      if (leading && p == 0) {
        rest[0] = draw(random);
      }
      if (trailing) {
        rest[m - 1] = draw(random);
      }
      ids = concat(prefix, rest);
    }
    throw new InexactPromptException(tokenizer.name(), what, tokens, closest, tries);
  }

  /**
   * Whitespace as a template's {@code trim} sees it: Jinja's is Python's {@code str.strip()}, which
   * also strips no-break and other Unicode spaces that Java's {@code isWhitespace} does not.
   */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }

  private int draw(SplittableRandom random) {
    return pool[random.nextInt(pool.length)];
  }

  private int[] draw(SplittableRandom random, int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = draw(random);
    }
    return ids;
  }

  private static boolean startsWith(int[] ids, int[] prefix) {
    return ids.length >= prefix.length
        && Arrays.equals(ids, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
