package io.tokenload.service.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The end of a child's output, for the message of a failed task. */
final class ChildLog {

  private ChildLog() {}

  /** The last {@code n} non-blank lines, joined with " | ". */
  static String lastLines(Path log, int n) {
    try {
      List<String> lines =
          Files.readAllLines(log, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList();
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
