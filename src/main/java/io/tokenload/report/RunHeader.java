package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
          .append(MatrixPage.escape(info.startedAt()))
          .append(" (UTC); simulation ")
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
}
