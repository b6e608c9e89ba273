package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.Api;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OutputPlanTest {

  private static CompletionRequest request(long hash, int max, int min, boolean ignoreEos) {
    return new CompletionRequest(
        Api.COMPLETIONS,
        true,
        false,
        false,
        5,
        hash,
        max,
        min,
        ignoreEos,
        0,
        PromptCounter.Prefixes.NONE);
  }

  @Test
  void textRetokenizesToExactlyTheTokenCount() {
    OutputPlan plan = OutputPlan.of(request(42, 300, 0, true));
    String text = plan.text(0, plan.tokens());
    assertEquals(300, WordTokenizer.instance().count(text));
    for (int id : WordTokenizer.instance().encode(text)) {
      assertNotEquals(WordTokenizer.UNKNOWN_ID, id);
    }
    assertEquals(plan.text(0, 100) + plan.text(100, 300), text, "chunks concatenate to the text");
  }

  @Test
  void naturalEndsSpreadBetweenMinTokensAndMaxTokens() {
    Set<Integer> lengths = new HashSet<>();
    int stops = 0;
    for (long hash = 0; hash < 2000; hash++) {
      OutputPlan plan = OutputPlan.of(request(hash * 7919, 20, 5, false));
      assertTrue(plan.tokens() >= 5 && plan.tokens() <= 20, "length " + plan.tokens());
      assertEquals(plan.tokens() == 20 ? "length" : "stop", plan.finishReason());
      lengths.add(plan.tokens());
      stops += plan.finishReason().equals("stop") ? 1 : 0;
    }
    assertEquals(16, lengths.size(), "every length from 5 to 20 occurs");
    assertTrue(stops > 1700, "most answers end by themselves: " + stops);
  }

  @Test
  void samePromptSameWordsDifferentPromptDifferentWords() {
    OutputPlan one = OutputPlan.of(request(1, 50, 0, true));
    assertEquals(one.text(0, 50), OutputPlan.of(request(1, 50, 0, true)).text(0, 50));
    assertNotEquals(one.text(0, 50), OutputPlan.of(request(2, 50, 0, true)).text(0, 50));
  }
}
