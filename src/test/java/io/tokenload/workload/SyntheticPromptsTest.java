package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.testing.TestTokenizers;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.tokenizer.WordTokenizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Synthetic prompts are exactly as long as asked, in the embedded target's and in real tokenizers.
 */
class SyntheticPromptsTest {

  /** Lengths from 1 to 4,096: the edges, powers of two and odd sizes between. */
  static final int[] LENGTHS = {
    1, 2, 3, 5, 8, 17, 64, 100, 128, 255, 512, 777, 1024, 2048, 3001, 4096
  };

  static Tokenizer tokenizer(String name) {
    return name.equals("words") ? WordTokenizer.instance() : TestTokenizers.named(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"words", "qwen3", "llama3"})
  void everyPromptIsExactlyAsLongAsAskedFromOneTo4096Tokens(String name) {
    Tokenizer t = tokenizer(name);
    for (int i = 0; i < LENGTHS.length; i++) {
      int n = LENGTHS[i];
      SyntheticPrompts prompts = new SyntheticPrompts(t, PromptLengths.exactly(n), 1000 + n);
      for (long index = 0; index < (n <= 128 ? 4 : 1); index++) {
        Prompt p = prompts.prompt(index);
        assertEquals(n, t.count(p.text()), name + " prompt " + index + " of " + n + " tokens");
        assertEquals(n, t.encode(p.text()).length);
        assertEquals(n, p.promptTokensAsked());
        assertEquals(Prompt.CELL_OUTPUT, p.outputTokensAsked());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"words", "qwen3", "llama3"})
  void promptsHaveNoWhitespaceAtEitherEndSoATrimmingTemplateKeepsTheCount(String name) {
    Tokenizer t = tokenizer(name);
    SyntheticPrompts prompts = new SyntheticPrompts(t, PromptLengths.exactly(40), 7);
    for (long index = 0; index < 50; index++) {
      String text = prompts.prompt(index).text();
      assertFalse(ExactText.isSpace(text.charAt(0)), "prompt " + index + " starts with a space");
      assertFalse(ExactText.isSpace(text.charAt(text.length() - 1)), "ends with a space: " + index);
      assertEquals(40, t.count(text.strip()));
    }
  }

  @Test
  void theSameSeedAndIndexGiveTheSamePromptAndOtherSeedsAnother() {
    Tokenizer qwen = TestTokenizers.qwen3();
    SyntheticPrompts a = new SyntheticPrompts(qwen, PromptLengths.exactly(256), 42);
    SyntheticPrompts b = new SyntheticPrompts(qwen, PromptLengths.exactly(256), 42);
    SyntheticPrompts otherCell = new SyntheticPrompts(qwen, PromptLengths.exactly(256), 43);
    assertEquals(a.prompt(3), b.prompt(3));
    assertNotEquals(a.prompt(3).text(), a.prompt(4).text());
    assertNotEquals(a.prompt(3).text(), otherCell.prompt(3).text());
  }

  @ParameterizedTest
  @ValueSource(strings = {"words", "qwen3", "llama3"})
  void theSharedPrefixIsTokenIdenticalInEveryPromptAndCountedInside(String name) {
    Tokenizer t = tokenizer(name);
    int prefixTokens = 64;
    SyntheticPrompts prompts =
        new SyntheticPrompts(t, PromptLengths.exactly(200).withSharedPrefix(prefixTokens), 11);
    int[] prefixIds = t.encode(prompts.sharedPrefix());
    assertEquals(prefixTokens, prefixIds.length);
    Set<String> texts = new HashSet<>();
    for (long index = 0; index < 8; index++) {
      String text = prompts.prompt(index).text();
      int[] ids = t.encode(text);
      assertEquals(200, ids.length);
      assertArrayEquals(prefixIds, Arrays.copyOf(ids, prefixTokens), "prompt " + index);
      assertTrue(text.startsWith(prompts.sharedPrefix()));
      texts.add(text);
    }
    assertEquals(8, texts.size(), "the rest of each prompt is its own");
  }

  @Test
  void aPromptCanBeAllSharedPrefix() {
    Tokenizer qwen = TestTokenizers.qwen3();
    SyntheticPrompts prompts =
        new SyntheticPrompts(qwen, PromptLengths.exactly(32).withSharedPrefix(32), 5);
    assertEquals(prompts.sharedPrefix(), prompts.prompt(0).text());
    assertEquals(prompts.sharedPrefix(), prompts.prompt(1).text());
  }

  @Test
  void rangeRatioLengthsCoverTheRangeAndEachIsExact() {
    Tokenizer llama = TestTokenizers.llama3();
    PromptLengths lengths = PromptLengths.exactly(100).withRangeRatio(0.5);
    SyntheticPrompts prompts = new SyntheticPrompts(llama, lengths, 9);
    int[] asked = IntStream.range(0, 300).map(i -> prompts.prompt(i).promptTokensAsked()).toArray();
    int min = Arrays.stream(asked).min().getAsInt();
    int max = Arrays.stream(asked).max().getAsInt();
    assertTrue(min >= 50 && min <= 53, "shortest " + min);
    assertTrue(max <= 150 && max >= 147, "longest " + max);
    for (int i = 0; i < 300; i += 10) {
      assertEquals(asked[i], llama.count(prompts.prompt(i).text()), "prompt " + i);
    }
  }

  @Test
  void theTemplateOverheadIsLeftOutOfTheText() {
    SyntheticPrompts prompts =
        new SyntheticPrompts(
            WordTokenizer.instance(), PromptLengths.exactly(128).withTemplateOverhead(7), 3);
    Prompt p = prompts.prompt(0);
    assertEquals(128, p.promptTokensAsked());
    assertEquals(121, WordTokenizer.instance().count(p.text()));
  }

  /**
   * A tokenizer in which every text is an even number of tokens: each word encodes to its id twice,
   * and ids decode in pairs, one word per pair (a lone last id is a word too).
   */
  static final class EvenTokenizer implements Tokenizer {
    private final WordTokenizer words = WordTokenizer.instance();

    @Override
    public String name() {
      return "even";
    }

    @Override
    public int[] encode(String text) {
      return Arrays.stream(words.encode(text)).flatMap(id -> IntStream.of(id, id)).toArray();
    }

    @Override
    public String decode(int[] ids) {
      int[] firstOfPairs =
          IntStream.range(0, ids.length).filter(i -> i % 2 == 0).map(i -> ids[i]).toArray();
      return words.decode(firstOfPairs);
    }

    @Override
    public int[] ordinaryIds() {
      return new int[] {1, 2, 3};
    }
  }

  @Test
  void aLengthTheTokenizerCannotMakeIsReportedWithTheClosestReached() {
    SyntheticPrompts prompts =
        new SyntheticPrompts(new EvenTokenizer(), PromptLengths.exactly(3), 1);
    InexactPromptException e = assertThrows(InexactPromptException.class, () -> prompts.prompt(0));
    assertEquals(3, e.askedTokens());
    assertEquals(4, e.achievedTokens()); // 3 ids decode to 2 words, which are 4 tokens
    assertTrue(
        e.getMessage()
            .startsWith("prompt 0 could not be made exactly 3 tokens long in tokenizer even"),
        e.getMessage());
  }

  @Test
  void aTokenizerWithoutAVocabularyListCannotMakePrompts() {
    Tokenizer bare =
        new Tokenizer() {
          @Override
          public String name() {
            return "bare";
          }

          @Override
          public int[] encode(String text) {
            return new int[0];
          }

          @Override
          public String decode(int[] ids) {
            return "";
          }
        };
    var e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> new SyntheticPrompts(bare, PromptLengths.exactly(3), 1));
    assertTrue(e.getMessage().contains("tokenizer bare does not list its ordinary token ids"));
  }
}
