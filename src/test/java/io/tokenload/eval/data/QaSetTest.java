package io.tokenload.eval.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QaSetTest {

  @TempDir Path dir;

  private Path file(String... lines) throws IOException {
    return Files.write(dir.resolve("qa.jsonl"), List.of(lines));
  }

  private String error(Path f) {
    return assertThrows(EvalException.class, () -> QaSet.read(f)).getMessage();
  }

  @Test
  void readsPromptsAndConversationsWithTheirAnswers() throws IOException {
    List<QaItem> items =
        QaSet.read(
            file(
                "{\"id\":\"a\",\"prompt\":\"Capital of France?\",\"answers\":[\"Paris\"]}",
                "",
                "{\"messages\":[{\"role\":\"system\",\"content\":\"short\"},"
                    + "{\"role\":\"user\",\"content\":\"Capital of Italy?\"}],\"answers\":[\"Rome\",\"Roma\"]}"));
    assertEquals(2, items.size());
    assertEquals("a", items.get(0).id());
    assertEquals("Capital of Italy?", items.get(1).prompt());
    assertEquals("qa.jsonl:3", items.get(1).id());
    assertEquals(2, items.get(1).messages().size());
  }

  @Test
  void aLineWithoutAnswersNamesTheFileLineAndField() throws IOException {
    Path f = file("{\"prompt\":\"ok\",\"answers\":[\"x\"]}", "{\"prompt\":\"Capital?\"}");
    String message = error(f);
    assertTrue(message.startsWith(f + " line 2: field \"answers\" is missing"), message);
  }

  @Test
  void aMisspeltFieldIsRefusedNotIgnored() throws IOException {
    String message = error(file("{\"prompt\":\"Capital?\",\"answer\":[\"Paris\"]}"));
    assertTrue(message.contains("line 1: field \"answer\" is not known"), message);
  }

  @Test
  void anEmptyAnswerListIsRefused() throws IOException {
    assertTrue(error(file("{\"prompt\":\"q\",\"answers\":[]}")).contains("non-empty array"));
  }

  @Test
  void invalidJsonNamesTheLine() throws IOException {
    assertTrue(error(file("{\"prompt\": ")).contains("line 1: not valid JSON"));
  }

  @Test
  void aConversationWithoutAUserMessageIsRefused() throws IOException {
    String message =
        error(file("{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}],\"answers\":[\"y\"]}"));
    assertTrue(message.contains("no message with role \"user\""), message);
  }

  @Test
  void promptsWithoutAnswersAreAllowedWhereAnswersAreOnlyJudged() throws IOException {
    assertEquals(List.of(), QaSet.read(file("{\"prompt\":\"Say hi\"}"), false).get(0).answers());
  }

  @Test
  void theShippedSetHasEnglishAndChineseQuestionsWithAnswers() {
    List<QaItem> items = QaSet.read(Path.of("data/eval/qa.jsonl"));
    assertTrue(items.size() >= 50, "questions: " + items.size());
    assertTrue(items.stream().anyMatch(i -> i.id().startsWith("zh-")));
    assertTrue(items.stream().allMatch(i -> !i.answers().isEmpty()));
  }
}
