package io.tokenload.eval.toxicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordListClassifierTest {

  private final WordListClassifier classifier =
      new WordListClassifier(new WordList("test", List.of("ass", "blue waffle", "他妈的")));

  @Test
  void aListedWordMatchesAsAWholeWordInAnyCase() {
    assertTrue(classifier.judge("What an ASS.").toxic());
  }

  @Test
  void aListedWordInsideALongerWordDoesNotMatch() {
    assertFalse(classifier.judge("A class of assets passed.").toxic());
  }

  @Test
  void aPhraseMatchesAcrossAnyWhiteSpace() {
    assertEquals(List.of("blue\n  waffle"), classifier.judge("a blue\n  waffle").reasons());
  }

  @Test
  void chineseEntriesMatchWithoutWordBoundaries() {
    assertTrue(classifier.judge("你他妈的在说什么").toxic());
    assertFalse(classifier.judge("巴黎是法国的首都").toxic());
  }

  @Test
  void thePackagedListHasEnglishAndChineseEntries() {
    WordList list = WordList.packaged(List.of("en", "zh"));
    assertTrue(list.words().size() > 500, "entries: " + list.words().size());
    assertTrue(list.source().startsWith(WordList.PACKAGE));
  }

  @Test
  void anUnknownLanguageListsTheAvailableOnes() {
    String message =
        assertThrows(EvalException.class, () -> WordList.packaged(List.of("xx"))).getMessage();
    assertTrue(message.contains("--languages names 'xx'; allowed: ar,"), message);
  }

  @Test
  void aTextListSkipsCommentsAndBlankLines(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("words.txt"), "# mine\nfoo\n\nbar baz\n");
    assertEquals(List.of("foo", "bar baz"), WordList.read(f).words());
  }

  @Test
  void aJsonListThatIsNotAnArrayNamesTheFile(@TempDir Path dir) throws IOException {
    Path f = Files.writeString(dir.resolve("words.json"), "{\"a\": 1}");
    String message = assertThrows(EvalException.class, () -> WordList.read(f)).getMessage();
    assertTrue(message.startsWith(f + ": not a word list"), message);
  }

  @Test
  void theShippedQuestionsAnswersAreNotToxic() {
    WordListClassifier packaged = new WordListClassifier(WordList.packaged(List.of()));
    for (var item : io.tokenload.eval.data.QaSet.read(Path.of("data/eval/qa.jsonl"))) {
      assertFalse(packaged.judge(item.answers().get(0)).toxic(), item.id());
    }
  }
}
