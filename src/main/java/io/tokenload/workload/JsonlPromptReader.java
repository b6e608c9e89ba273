package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines prompt file: one object per line, {@code {"prompt": "…"}} with an optional
 * {@code "output_tokens": 128}; other fields are ignored and blank lines skipped. Read line by
 * line; any malformed line is an error naming its number.
 */
final class JsonlPromptReader {

  static final String EXPECTED =
      "one JSON object per line: {\"prompt\": \"…\"} or {\"prompt\": \"…\", \"output_tokens\":"
          + " 128}";

  /** Strict: a second value after the line's object is an error, not ignored. */
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonlPromptReader() {}

  static Dataset read(Path file) {
    List<DatasetEntry> entries = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (!line.isBlank()) {
          entries.add(entry(file, number, line));
        }
      }
    } catch (IOException e) {
      throw new DatasetException(file, null, "cannot be read as UTF-8 text: " + e, e);
    }
    return new Dataset(file, entries, 0);
  }

  private static DatasetEntry entry(Path file, int number, String line) {
    String where = "line " + number;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      String column = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
      throw new DatasetException(
          file,
          where,
          "not valid JSON" + column + ": " + e.getOriginalMessage() + "; expected " + EXPECTED,
          e);
    }
    if (!node.isObject()) {
      throw new DatasetException(file, where, "is not a JSON object; expected " + EXPECTED);
    }
    JsonNode prompt = node.get("prompt");
    if (prompt == null || !prompt.isTextual()) {
      throw new DatasetException(
          file,
          where,
          (prompt == null ? "has no \"prompt\"" : "\"prompt\" is not a string")
              + "; expected "
              + EXPECTED);
    }
    if (prompt.textValue().isBlank()) {
      throw new DatasetException(file, where, "\"prompt\" is blank; a prompt needs text");
    }
    int outputTokens = -1;
    JsonNode output = node.get("output_tokens");
    if (output != null && !output.isNull()) {
      if (!output.isInt() || output.intValue() < 1) {
        throw new DatasetException(
            file,
            where,
            "\"output_tokens\" is " + output + "; expected a whole number of at least 1");
      }
      outputTokens = output.intValue();
    }
    return new DatasetEntry(
        file.getFileName() + ":" + number, prompt.textValue(), null, outputTokens);
  }
}
