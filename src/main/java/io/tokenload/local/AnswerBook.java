package io.tokenload.local;

import io.tokenload.eval.data.QaItem;
import io.tokenload.eval.data.Scripts;
import io.tokenload.workload.Api;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Answers the questions of an evaluation set with a set accuracy, so tests know the true score: the
 * script of {@code tokenload serve --answers FILE} ({@link SimulatedBackend#scripted}).
 *
 * <ul>
 *   <li><b>Accuracy.</b> The questions are ordered by a hash of the seed and the prompt; the first
 *       {@code round(accuracy × n)} are answered with their first reference answer, verbatim, the
 *       others with {@value #WRONG}, which shares no token with any reference. The true F1 of the
 *       whole set is therefore exactly {@code round(accuracy × n) / n}.
 *   <li><b>Typos.</b> A prompt that is not exactly one of the set's is matched to the most similar
 *       one (edit distance at most half its length). It is answered as that one would be, except
 *       that with probability {@code typoSensitivity} (drawn from the seed and the prompt) it is
 *       answered wrongly; with no similar prompt it is answered wrongly. So 0 is a model that typos
 *       do not confuse and 1 one that any change confuses.
 *   <li><b>Toxicity.</b> In a second hash order, the first {@code round(toxicShare × n)} questions
 *       get one of {@code toxicWords} appended to their answer; a prompt matched to a question
 *       shares its fate, an unmatched one is toxic with probability {@code toxicShare}.
 * </ul>
 *
 * <p>The same prompt always gets the same answer. Thread-safe.
 */
public final class AnswerBook implements Function<LocalRequest, String> {

  /** The wrong answer: no reference of a sensible set shares a token with it. */
  public static final String WRONG = "I cannot say.";

  /**
   * @param accuracy share of questions answered right, 0 to 1
   * @param typoSensitivity chance that a changed prompt is answered wrongly, 0 to 1
   * @param toxicShare share of answers with a toxic word appended, 0 to 1
   * @param toxicWords the words appended; needed when {@code toxicShare} is above 0
   * @param seed orders the questions and draws the chances
   */
  public record Settings(
      double accuracy,
      double typoSensitivity,
      double toxicShare,
      List<String> toxicWords,
      long seed) {

    public Settings {
      requireShare("accuracy", accuracy);
      requireShare("typoSensitivity", typoSensitivity);
      requireShare("toxicShare", toxicShare);
      toxicWords = List.copyOf(toxicWords);
      if (toxicShare > 0 && toxicWords.isEmpty()) {
        throw new IllegalArgumentException(
            "AnswerBook.Settings.toxicShare is " + toxicShare + " but no toxic word was given");
      }
    }

    private static void requireShare(String field, double v) {
      if (!(v >= 0 && v <= 1)) {
        throw new IllegalArgumentException(
            "AnswerBook.Settings." + field + " is " + v + "; it must be from 0 to 1");
      }
    }
  }

  private static final long ACCURACY_SALT = 0x5DEECE66DL;
  private static final long TOXIC_SALT = 0xB5297A4D3F84D5B5L;
  private static final long TYPO_SALT = 0x68E31DA4C1A2F2B1L;

  private final Settings settings;
  private final Map<String, QaItem> byPrompt = new HashMap<>();
  private final Set<String> correct = new HashSet<>();
  private final Set<String> toxic = new HashSet<>();
  private final Map<String, String> answered = new ConcurrentHashMap<>();

  public AnswerBook(List<QaItem> items, Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    for (QaItem item : items) {
      if (item.answers().isEmpty()) {
        throw new IllegalArgumentException(item.source() + ": a question without answers");
      }
      byPrompt.putIfAbsent(item.prompt(), item);
    }
    List<String> prompts = new ArrayList<>(byPrompt.keySet());
    correct.addAll(first(prompts, ACCURACY_SALT, settings.accuracy()));
    toxic.addAll(first(prompts, TOXIC_SALT, settings.toxicShare()));
  }

  private List<String> first(List<String> prompts, long salt, double share) {
    List<String> order = new ArrayList<>(prompts);
    order.sort(Comparator.comparingLong((String p) -> hash(p, salt)).thenComparing(p -> p));
    return order.subList(0, (int) Math.round(share * order.size()));
  }

  /** Whether the set's question {@code prompt} is one of those answered right. */
  public boolean answersRight(String prompt) {
    return correct.contains(prompt);
  }

  @Override
  public String apply(LocalRequest request) {
    return answer(prompt(request));
  }

  /** The answer to {@code prompt}. */
  public String answer(String prompt) {
    // Only the set's own prompts are kept, so a long run of changed prompts cannot fill memory.
    return byPrompt.containsKey(prompt)
        ? answered.computeIfAbsent(prompt, this::decide)
        : decide(prompt);
  }

  private String decide(String prompt) {
    QaItem item = byPrompt.get(prompt);
    boolean changed = item == null;
    if (changed) {
      item = nearest(prompt);
    }
    boolean right = item != null && correct.contains(item.prompt());
    if (changed && right && draw(prompt, TYPO_SALT) < settings.typoSensitivity()) {
      right = false;
    }
    boolean isToxic =
        item != null
            ? toxic.contains(item.prompt())
            : draw(prompt, TOXIC_SALT) < settings.toxicShare();
    String text = right ? item.answers().get(0) : WRONG;
    if (isToxic) {
      List<String> words = settings.toxicWords();
      text += " " + words.get((int) Long.remainderUnsigned(hash(prompt, TOXIC_SALT), words.size()));
    }
    return text;
  }

  /** The set's question most like {@code prompt}, or null when none is within half its length. */
  private QaItem nearest(String prompt) {
    QaItem best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (QaItem item : byPrompt.values()) {
      int limit = Math.max(prompt.length(), item.prompt().length()) / 2;
      if (Math.abs(prompt.length() - item.prompt().length()) > limit) {
        continue;
      }
      int d = distance(prompt, item.prompt());
      if (d <= limit
          && (d < bestDistance
              || d == bestDistance && item.prompt().compareTo(best.prompt()) < 0)) {
        best = item;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance in UTF-16 units: two rows, so memory is linear. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The text a request asks about: the last user message, or the completion's prompt. */
  static String prompt(LocalRequest request) {
    if (request.api() == Api.COMPLETIONS) {
      return request.prompt();
    }
    String last = "";
    for (LocalRequest.Message m : request.messages()) {
      if (m.role().equals("user")) {
        last = m.content();
      }
    }
    return last;
  }

  /**
   * {@code text} cut into stream tokens that join back to it: each word with the white space before
   * it, and each Han, Hiragana or Katakana character alone.
   */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      boolean cjk = Scripts.isCjk(cp);
      if ((cjk || Character.isWhitespace(cp)) && !onlySpace(piece)) {
        pieces.add(piece.toString());
        piece.setLength(0);
      }
      piece.appendCodePoint(cp);
      if (cjk) {
        pieces.add(piece.toString());
        piece.setLength(0);
      }
    }
    if (!piece.isEmpty()) {
      pieces.add(piece.toString());
    }
    return pieces;
  }

  /** True for an empty or all-blank piece, which the next token takes as its leading space. */
  private static boolean onlySpace(CharSequence s) {
    return s.chars().allMatch(Character::isWhitespace);
  }

  private long hash(String prompt, long salt) {
    long h = settings.seed() ^ salt;
    for (int i = 0; i < prompt.length(); i++) {
      h = mix(h ^ prompt.charAt(i));
    }
    return mix(h);
  }

  /** A uniform draw in [0, 1) from the seed and the prompt. */
  private double draw(String prompt, long salt) {
    return (hash(prompt, salt) >>> 11) * 0x1.0p-53;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
