package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The top of {@code index.html}: the run's name and description (from the definition a matrix run
 * copies into its folder), when it started, and the target's settings, so a page read weeks later
 * says what it measured.
 */
final class RunHeader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RunHeader() {}

  static String html(Path runDir) {
    StringBuilder out = new StringBuilder("<p class=\"run\">");
    try {
      Path definition = runDir.resolve("definition.json");
      if (Files.isRegularFile(definition)) {
        JsonNode d = JSON.readTree(definition.toFile());
        out.append("<b>").append(MatrixPage.escape(d.path("name").asText())).append("</b>");
        String description = d.path("description").asText("");
        if (!description.isEmpty()) {
          out.append(": ").append(MatrixPage.escape(description));
        }
        out.append("<br>");
      }
      RunInfo info = RunInfo.read(runDir);
      out.append("Started ")
          .append(MatrixPage.escape(started(info.startedAt())))
          .append("; simulation ")
          .append(MatrixPage.escape(info.simulation()))
          .append("; target ")
          .append(MatrixPage.escape(info.target()));
      if (!info.targetSettings().isEmpty()) {
        out.append(" ").append(MatrixPage.escape(JSON.writeValueAsString(info.targetSettings())));
      }
      out.append("; ")
          .append(MatrixPage.escape(info.api()))
          .append(" API, ")
          .append(MatrixPage.escape(info.flavour()))
          .append(" flavour, tokenizer ")
          .append(MatrixPage.escape(info.tokenizer()))
          .append(", ")
          .append(info.warmupRequests())
          .append(" warm-up requests.");
    } catch (IOException | RuntimeException e) {
      out.append("(run.json unreadable: ").append(MatrixPage.escape(e.getMessage())).append(")");
    }
    return out.append("</p>\n").toString();
  }

  /** {@code 2026-12-03T11:32:57.319202261Z} as {@code 2026-12-03 11:32:57 UTC}; else as given. */
  static String started(String startedAt) {
    if (startedAt == null) {
      return "at an unknown time";
    }
    try {
      return Instant.parse(startedAt)
              .truncatedTo(ChronoUnit.SECONDS)
              .toString()
              .replace('T', ' ')
              .replace("Z", "")
          + " UTC";
    } catch (DateTimeParseException e) {
      return startedAt + " (UTC)";
    }
  }
}
