package io.tokenload.eval.accuracy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadScoreTest {

  @Test
  void normalisationDropsCasePunctuationArticlesAndExtraSpaces() {
    assertEquals("eiffel tower", SquadScore.normalize("  The Eiffel   Tower! "));
    assertEquals("巴黎", SquadScore.normalize("巴黎。"));
  }

  @Test
  void articlesGoOnlyAsWholeWords() {
    assertEquals("theatre anthem", SquadScore.normalize("A theatre an anthem"));
  }

  @Test
  void hanCharactersAreOneTokenEachAndLatinWordsStayWhole() {
    assertEquals(List.of("在", "paris", "的", "塔"), SquadScore.tokens("在Paris的塔"));
  }

  @Test
  void partialOverlapGivesSquadsPrecisionRecallAndF1() {
    // answer: 4 tokens (the article goes), reference: 2, shared: 2 -> p 1/2, r 1, f1 2/3
    SquadScore.Score s = SquadScore.score("the Eiffel tower in Paris", "Eiffel Tower");
    assertEquals(2.0 / 4, s.precision(), 1e-9);
    assertEquals(1.0, s.recall(), 1e-9);
    assertEquals(2 * 0.5 / 1.5, s.f1(), 1e-9);
    assertEquals(0.0, s.exactMatch());
  }

  @Test
  void repeatedTokensCountOnlyAsOftenAsInTheReference() {
    SquadScore.Score s = SquadScore.score("paris paris", "paris");
    assertEquals(0.5, s.precision(), 1e-9);
    assertEquals(1.0, s.recall(), 1e-9);
  }

  @Test
  void chineseAnswersScorePerCharacter() {
    SquadScore.Score s = SquadScore.score("珠穆朗玛", "珠穆朗玛峰");
    assertEquals(1.0, s.precision(), 1e-9);
    assertEquals(0.8, s.recall(), 1e-9);
  }

  @Test
  void theBestReferenceWinsAndExactMatchIsTheMaximum() {
    SquadScore.Score s =
        SquadScore.best("Shakespeare.", List.of("William Shakespeare", "shakespeare"));
    assertEquals(1.0, s.f1(), 1e-9);
    assertEquals(1.0, s.exactMatch());
    assertEquals("shakespeare", s.reference());
  }

  @Test
  void anEmptyAnswerScoresZeroAgainstAWord() {
    assertEquals(0.0, SquadScore.score("", "Paris").f1());
    assertEquals(0.0, SquadScore.score("!!!", "Paris").f1());
  }

  @Test
  void noSharedTokenScoresZero() {
    assertEquals(0.0, SquadScore.score("I cannot say.", "Paris").f1());
  }
}
