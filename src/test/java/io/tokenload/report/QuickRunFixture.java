package io.tokenload.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The run folder of one real {@code quick} matrix run, kept under {@code
 * src/test/resources/io/tokenload/report/quick-run/}: its {@code run.json}, records, client health,
 * and Gatling's {@code simulation.log} with the link to it. Its log is of the layout before the
 * time to first token became a group (two request records per request); {@code grouped-run/} holds
 * a short run (one cell of 20 requests) of today's layout.
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
    copyTo(run, "quick-run");
  }

  /** Copies the fixture run {@code name} into {@code run}. */
  static void copyTo(Path run, String name) throws IOException {
    for (String file : FILES) {
      Path target = run.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in =
          QuickRunFixture.class.getResourceAsStream("/io/tokenload/report/" + name + "/" + file)) {
        Files.copy(in, target);
      }
    }
  }
}
