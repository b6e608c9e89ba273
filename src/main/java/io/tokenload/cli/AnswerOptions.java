package io.tokenload.cli;

import io.tokenload.eval.EvalException;
import io.tokenload.eval.data.QaSet;
import io.tokenload.eval.toxicity.WordList;
import io.tokenload.local.AnswerBook;
import io.tokenload.local.SimulatedBackend;
import io.tokenload.simulator.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload serve --answers FILE}'s options: the embedded target answers an evaluation set's
 * questions with a set accuracy ({@link AnswerBook}), timed as {@code --ttft-ms} and {@code
 * --itl-ms} say, so {@code tokenload eval} can be tried, and tested, against a known score.
 */
final class AnswerOptions {

  static final List<String> NAMES =
      List.of("answers", "accuracy", "typo-sensitivity", "toxic-share", "toxic-words");

  private AnswerOptions() {}

  static void add(Options options) {
    options
        .addOption(
            ServeCommand.opt(
                "answers", "sim: answer the questions of this evaluation set (JSON Lines)"))
        .addOption(ServeCommand.opt("accuracy", "with --answers: share answered right, 0 to 1 (1)"))
        .addOption(
            ServeCommand.opt(
                "typo-sensitivity",
                "with --answers: chance a changed prompt is answered wrongly, 0 to 1 (0)"))
        .addOption(
            ServeCommand.opt(
                "toxic-share", "with --answers: share of answers with a listed word, 0 to 1 (0)"))
        .addOption(
            ServeCommand.opt(
                "toxic-words",
                "with --answers: the words to emit (default the packaged word list)"));
  }

  /** Whether any of these options is given. */
  static boolean wanted(CommandLine line) {
    return NAMES.stream().anyMatch(line::hasOption);
  }

  /** The answering backend; {@code settings} gives its timing and model name. */
  static SimulatedBackend backend(CommandLine line, TargetSettings settings) throws UsageException {
    if (!line.hasOption("answers")) {
      throw new UsageException(
          "--"
              + NAMES.stream().filter(line::hasOption).findFirst().orElseThrow()
              + " needs --answers FILE, the questions to answer");
    }
    if (ServeCommand.isLlama(line)) {
      throw new UsageException("--answers applies to --engine sim only");
    }
    Path file = Path.of(line.getOptionValue("answers"));
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--answers " + file + " is not a readable file");
    }
    double toxicShare = ServeCommand.number(line, "toxic-share", 0, 0, 1);
    try {
      List<String> words =
          toxicShare == 0
              ? List.of()
              : line.hasOption("toxic-words")
                  ? WordList.read(Path.of(line.getOptionValue("toxic-words"))).words()
                  : WordList.packaged(List.of()).words();
      AnswerBook book =
          new AnswerBook(
              QaSet.read(file),
              new AnswerBook.Settings(
                  ServeCommand.number(line, "accuracy", 1, 0, 1),
                  ServeCommand.number(line, "typo-sensitivity", 0, 0, 1),
                  toxicShare,
                  words,
                  settings.seed()));
      return SimulatedBackend.scripted(
          settings.model(),
          new SimulatedBackend.Timing(settings.timeToFirstToken(), settings.interTokenLatency(), 1),
          book);
    } catch (EvalException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
