package io.tokenload.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Copies the real quick run of {@code io/tokenload/report/quick-run/} into a folder. */
final class QuickRun {

  private QuickRun() {}

  static Path copyTo(Path dir) throws IOException {
    for (String file :
        List.of(
            "run.json",
            "requests.jsonl",
            "client.json",
            "gatling-report.txt",
            "gatling/simulation.log")) {
      Path target = dir.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in =
          QuickRun.class.getResourceAsStream("/io/tokenload/report/quick-run/" + file)) {
        Files.copy(in, target);
      }
    }
    return dir;
  }
}
