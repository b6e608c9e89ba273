package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lengths a cell asks for, and the combinations that leave no room for content. */
class PromptLengthsTest {

  @ParameterizedTest
  @CsvSource({
    "100, 0, 100, 100",
    "100, 0.3, 70, 130",
    "1024, 0.5, 512, 1536",
    "10, 0.25, 7, 13",
    "3, 0.5, 1, 5"
  })
  void theRangeIsFloorOfNTimesOneMinusRToCeilingOfNTimesOnePlusR(
      int tokens, double ratio, int min, int max) {
    PromptLengths lengths = PromptLengths.exactly(tokens).withRangeRatio(ratio);
    assertEquals(min, lengths.minTokens());
    assertEquals(max, lengths.maxTokens());
  }

  @Test
  void drawsEveryLengthOfTheRangeAndNoOther() {
    PromptLengths lengths = PromptLengths.exactly(20).withRangeRatio(0.25);
    SplittableRandom random = new SplittableRandom(1);
    int[] seen = new int[40];
    for (int i = 0; i < 2000; i++) {
      seen[lengths.draw(random)]++;
    }
    for (int n = 0; n < seen.length; n++) {
      boolean inRange = n >= 15 && n <= 25;
      assertEquals(inRange, seen[n] > 0, "length " + n + " drawn " + seen[n] + " times");
    }
  }

  @Test
  void aRatioOfOneOrMoreIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> PromptLengths.exactly(100).withRangeRatio(1));
    assertEquals("range ratio was 1.0, must be at least 0 and less than 1", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PromptLengths.exactly(100).withRangeRatio(-0.1));
    assertThrows(
        IllegalArgumentException.class,
        () -> PromptLengths.exactly(100).withRangeRatio(Double.NaN));
  }

  @Test
  void aSharedPrefixLongerThanTheShortestPromptIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PromptLengths.exactly(100).withRangeRatio(0.5).withSharedPrefix(60));
    assertEquals(
        "the shortest prompt, 50 tokens (input tokens 100, range ratio 0.5), less the template"
            + " overhead of 0 leaves 50 content tokens; it must leave at least 60 (the shared"
            + " prefix)",
        e.getMessage());
  }

  @Test
  void aTemplateOverheadThatLeavesNoContentIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> PromptLengths.exactly(7).withTemplateOverhead(7));
    assertEquals(
        "the shortest prompt, 7 tokens (input tokens 7, range ratio 0.0), less the template"
            + " overhead of 7 leaves 0 content tokens; it must leave at least 1",
        e.getMessage());
  }

  @Test
  void zeroOrNegativeLengthsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PromptLengths.exactly(0));
    assertThrows(
        IllegalArgumentException.class, () -> PromptLengths.exactly(10).withSharedPrefix(-1));
    assertThrows(
        IllegalArgumentException.class, () -> PromptLengths.exactly(10).withTemplateOverhead(-1));
  }
}
