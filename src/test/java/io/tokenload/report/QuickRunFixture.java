package io.tokenload.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run folder of one real {@code quick} matrix run, kept under {@code
 * src/test/resources/io/tokenload/report/quick-run/}: its {@code run.json}, records, client health,
 * and Gatling's {@code simulation.log} with the link to it.
 */
final class QuickRunFixture {

  private static final List<String> FILES =
      List.of(
          "run.json",
          "requests.jsonl",
          "client.json",
          "gatling-report.txt",
          "gatling/simulation.log");

  private QuickRunFixture() {}

  /** Copies the run into {@code run}, a folder of the test's own. */
  static void copyTo(Path run) throws IOException {
    for (String file : FILES) {
      Path target = run.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in =
          QuickRunFixture.class.getResourceAsStream("/io/tokenload/report/quick-run/" + file)) {
        Files.copy(in, target);
      }
    }
  }
}
