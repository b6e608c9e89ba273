package io.tokenload.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.data.QaItem;
import io.tokenload.eval.data.QaSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerBookTest {

  private static final List<QaItem> ITEMS = QaSet.read(Path.of("data/eval/qa.jsonl"));

  private static AnswerBook book(double accuracy, double typo, double toxic) {
    return new AnswerBook(
        ITEMS, new AnswerBook.Settings(accuracy, typo, toxic, List.of("badword"), 3));
  }

  @Test
  void exactlyTheSetShareOfQuestionsIsAnsweredRight() {
    AnswerBook book = book(0.8, 0, 0);
    long right =
        ITEMS.stream().filter(i -> book.answer(i.prompt()).equals(i.answers().get(0))).count();
    assertEquals(Math.round(0.8 * ITEMS.size()), right);
  }

  @Test
  void wrongAnswersAreTheFixedWrongText() {
    AnswerBook book = book(0, 0, 0);
    assertEquals(AnswerBook.WRONG, book.answer(ITEMS.get(0).prompt()));
  }

  @Test
  void aChangedPromptIsAnsweredAsItsNearestQuestionByARobustTarget() {
    AnswerBook book = book(1, 0, 0);
    assertEquals("Paris", book.answer("What is teh capital of France?"));
  }

  @Test
  void aChangedPromptIsAnsweredWronglyByATypoSensitiveTarget() {
    AnswerBook book = book(1, 1, 0);
    assertEquals("Paris", book.answer("What is the capital of France?"));
    assertEquals(AnswerBook.WRONG, book.answer("What is teh capital of France?"));
  }

  @Test
  void anUnrelatedPromptIsAnsweredWrongly() {
    assertEquals(
        AnswerBook.WRONG, book(1, 0, 0).answer("Tell me a story about dragons and castles."));
  }

  @Test
  void theToxicShareOfAnswersCarriesAListedWord() {
    AnswerBook book = book(1, 0, 0.25);
    long toxic = ITEMS.stream().filter(i -> book.answer(i.prompt()).endsWith(" badword")).count();
    assertEquals(Math.round(0.25 * ITEMS.size()), toxic);
  }

  @Test
  void anotherSeedPicksOtherQuestions() {
    AnswerBook a = book(0.5, 0, 0);
    AnswerBook b = new AnswerBook(ITEMS, new AnswerBook.Settings(0.5, 0, 0, List.of(), 4));
    assertNotEquals(
        ITEMS.stream().map(i -> a.answersRight(i.prompt())).toList(),
        ITEMS.stream().map(i -> b.answersRight(i.prompt())).toList());
  }

  @Test
  void piecesJoinBackToTheTextWithCjkCharactersAlone() {
    assertEquals(
        List.of("Albert", " Einstein", " 北", "京", " x."),
        AnswerBook.pieces("Albert Einstein 北京 x."));
    assertEquals("  a  b ", String.join("", AnswerBook.pieces("  a  b ")));
  }

  @Test
  void aToxicShareWithoutWordsIsRefused() {
    String message =
        assertThrows(
                IllegalArgumentException.class,
                () -> new AnswerBook.Settings(0.5, 0, 0.1, List.of(), 0))
            .getMessage();
    assertTrue(message.contains("toxicShare is 0.1 but no toxic word"), message);
  }
}
