package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.eval.data.QaSet;
import io.tokenload.local.AnswerBook;
import io.tokenload.local.LocalRequest;
import io.tokenload.local.SimulatedBackend;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.junit.jupiter.api.Test;

/** {@code tokenload serve --answers}'s options, read without starting a server. */
class AnswerOptionsTest {

  private static SimulatedBackend backend(String... args) throws UsageException {
    CommandLine line = ServeCommand.parse(args);
    return AnswerOptions.backend(line, ServeCommand.settings(line));
  }

  private static String refusal(String... args) {
    return assertThrows(UsageException.class, () -> backend(args)).getMessage();
  }

  @Test
  void anAnswerOptionWithoutAnswersIsRefused() {
    assertEquals(
        "--accuracy needs --answers FILE, the questions to answer", refusal("--accuracy", "0.5"));
  }

  @Test
  void aMissingAnswersFileIsNamed() {
    assertEquals("--answers nope.jsonl is not a readable file", refusal("--answers", "nope.jsonl"));
  }

  @Test
  void anAccuracyAboveOneSaysWhatIsAllowed() {
    assertEquals(
        "--accuracy was '1.5'; allowed: a number from 0 to 1",
        refusal("--answers", EvalTarget.QA, "--accuracy", "1.5"));
  }

  @Test
  void answersAreNotForTheLlamaEngine() {
    assertTrue(
        refusal("--engine", "llamacpp", "--model", "x.gguf", "--answers", EvalTarget.QA)
            .contains("--answers applies to --engine sim only"));
  }

  @Test
  void theBackendAnswersTheSetsQuestions() throws Exception {
    try (SimulatedBackend backend = backend("--answers", EvalTarget.QA)) {
      assertEquals("tokenload-sim", backend.model());
    }
    AnswerBook book =
        new AnswerBook(
            QaSet.read(Path.of(EvalTarget.QA)), new AnswerBook.Settings(1, 0, 0, List.of(), 0));
    assertEquals("Paris", book.apply(LocalRequest.chat("r", "What is the capital of France?", 8)));
  }
}
