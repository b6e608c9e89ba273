package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.testing.TestTokenizers;
import io.tokenload.tokenizer.Tokenizer;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeded samples of the shipped datasets, measured with a real tokenizer and bounded. */
class DatasetPromptsTest {

  static final Dataset SHAREGPT = Dataset.read(DatasetTest.SHAREGPT);
  static final Dataset JSONL = Dataset.read(DatasetTest.JSONL);

  @Test
  void theSameSeedGivesTheSameSampleAndAnotherSeedAnotherOrder() {
    Tokenizer qwen = TestTokenizers.qwen3();
    List<Prompt> a = DatasetPrompts.sample(SHAREGPT, qwen, LengthBounds.any(), 10, 1, 0).prompts();
    List<Prompt> b = DatasetPrompts.sample(SHAREGPT, qwen, LengthBounds.any(), 10, 1, 0).prompts();
    List<Prompt> c = DatasetPrompts.sample(SHAREGPT, qwen, LengthBounds.any(), 10, 2, 0).prompts();
    assertEquals(a, b);
    assertNotEquals(a, c);
    assertEquals(10, new HashSet<>(a).size(), "no prompt twice");
  }

  @Test
  void asksForEachPromptsMeasuredLengthPlusTheOverheadAndItsReplysLength() {
    Tokenizer llama = TestTokenizers.llama3();
    DatasetPrompts sample = DatasetPrompts.sample(SHAREGPT, llama, LengthBounds.any(), 20, 3, 7);
    for (Prompt p : sample.prompts()) {
      assertEquals(llama.count(p.text()) + 7, p.promptTokensAsked());
      DatasetEntry entry =
          SHAREGPT.entries().stream()
              .filter(e -> e.prompt().equals(p.text()))
              .findFirst()
              .orElseThrow();
      assertEquals(llama.count(entry.reply()), p.outputTokensAsked());
    }
  }

  @Test
  void keepsOnlyPromptsWithinTheBounds() {
    Tokenizer qwen = TestTokenizers.qwen3();
    LengthBounds bounds = LengthBounds.input(12, 20).withOutput(20, 80);
    DatasetPrompts sample = DatasetPrompts.sample(SHAREGPT, qwen, bounds, 5, 9, 0);
    for (Prompt p : sample.prompts()) {
      int input = qwen.count(p.text());
      assertTrue(input >= 12 && input <= 20, "input " + input + ": " + p.text());
      assertTrue(
          p.outputTokensAsked() >= 20 && p.outputTokensAsked() <= 80,
          "output " + p.outputTokensAsked());
    }
  }

  @Test
  void jsonlOutputTokensAreUsedAndMissingOnesLeftToTheCell() {
    DatasetPrompts sample =
        DatasetPrompts.sample(JSONL, TestTokenizers.qwen3(), LengthBounds.any(), 12, 1, 0);
    Prompt noOutput =
        sample.prompts().stream()
            .filter(p -> p.text().equals("List five fruits that are high in vitamin C."))
            .findFirst()
            .orElseThrow();
    assertEquals(Prompt.CELL_OUTPUT, noOutput.outputTokensAsked());
    Prompt withOutput =
        sample.prompts().stream()
            .filter(p -> p.text().startsWith("Describe how a hash map"))
            .findFirst()
            .orElseThrow();
    assertEquals(200, withOutput.outputTokensAsked());
  }

  @Test
  void tooFewPromptsWithinTheBoundsIsAnErrorWithTheCounts() {
    LengthBounds bounds = LengthBounds.input(1, 12);
    var e =
        assertThrows(
            DatasetException.class,
            () -> DatasetPrompts.sample(JSONL, TestTokenizers.qwen3(), bounds, 12, 1, 0));
    assertTrue(e.getMessage().startsWith(DatasetTest.JSONL + ": only "), e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("of its 12 prompts are within input tokens 1..12, output tokens 1..any"),
        e.getMessage());
  }

  @Test
  void aRequestBeyondTheSampleIsRefused() {
    DatasetPrompts sample =
        DatasetPrompts.sample(JSONL, TestTokenizers.qwen3(), LengthBounds.any(), 4, 1, 0);
    var e = assertThrows(IndexOutOfBoundsException.class, () -> sample.prompt(4));
    assertEquals(
        "request 4 has no prompt: the dataset sample holds 4; sample at least as many prompts as"
            + " requests",
        e.getMessage());
  }
}
