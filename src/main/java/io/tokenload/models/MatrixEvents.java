package io.tokenload.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code events.jsonl} of a matrix run: one timestamped line per stage ({@code matrix_start},
 * {@code skip}, {@code preflight}, {@code row_start}, {@code cell_end}, {@code row_end}, {@code
 * failure}, {@code matrix_end}), each naming its row. No event ever holds a key's value.
 */
public final class MatrixEvents {

  /** The file in a matrix run's folder. */
  public static final String FILE = "events.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private MatrixEvents() {}

  /**
   * Appends one event; {@code fields} are written after {@code time}, {@code stage}, {@code row}.
   */
  public static void append(Path dir, String stage, String row, Map<String, ?> fields)
      throws IOException {
    append(dir, Instant.now().toString(), stage, row, fields);
  }

  static void append(Path dir, String time, String stage, String row, Map<String, ?> fields)
      throws IOException {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("time", time);
    event.put("stage", stage);
    if (row != null) {
      event.put("row", row);
    }
    event.putAll(fields);
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(FILE),
        JSON.writeValueAsString(event) + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  /** Every event so far. */
  static List<JsonNode> read(Path dir) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    Path file = dir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          events.add(JSON.readTree(line));
        }
      }
    }
    return events;
  }
}
