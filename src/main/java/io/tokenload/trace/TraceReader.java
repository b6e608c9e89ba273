package io.tokenload.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * Reads a Mooncake-format trace: one JSON object per line, {@code {"timestamp": ms, "input_length":
 * n, "output_length": n, "hash_ids": [..]}}, in time order. Every mistake is one line naming the
 * file, the line and what is allowed.
 */
public final class TraceReader {

  static final String EXPECTED =
      "{\"timestamp\": ms, \"input_length\": tokens, \"output_length\": tokens, \"hash_ids\":"
          + " [ids]} per line, timestamps in order";

  private static final ObjectMapper JSON = new ObjectMapper();

  private TraceReader() {}

  /**
   * @throws IllegalArgumentException naming the file and line of the first mistake
   */
  public static List<TraceEntry> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file
              + " does not exist; a trace is a Mooncake-format .jsonl such as data/traces/mooncake-sample.jsonl");
    }
    List<TraceEntry> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String text;
      int line = 0;
      while ((text = in.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        TraceEntry e = entry(file, line, text);
        if (!out.isEmpty() && e.timestampMs() < out.get(out.size() - 1).timestampMs()) {
          TraceEntry before = out.get(out.size() - 1);
          throw error(
              file,
              line,
              "timestamp "
                  + e.timestampMs()
                  + " is before line "
                  + before.line()
                  + "'s "
                  + before.timestampMs()
                  + "; a trace's lines must be in time order (sort it by timestamp)");
        }
        out.add(e);
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no request; expected " + EXPECTED);
    }
    return List.copyOf(out);
  }

  private static TraceEntry entry(Path file, int line, String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw error(
          file, line, "not valid JSON (" + e.getOriginalMessage() + "); expected " + EXPECTED);
    }
    if (!node.isObject()) {
      throw error(file, line, "not a JSON object; expected " + EXPECTED);
    }
    long timestamp = whole(file, line, node, "timestamp", 0);
    int input = (int) whole(file, line, node, "input_length", 1);
    int output = (int) whole(file, line, node, "output_length", 1);
    JsonNode ids = node.get("hash_ids");
    long[] hashIds = new long[ids == null ? 0 : ids.size()];
    if (ids != null && !ids.isArray()) {
      throw error(file, line, "hash_ids was " + ids + "; expected an array of whole numbers");
    }
    for (int i = 0; i < hashIds.length; i++) {
      if (!ids.get(i).canConvertToLong()) {
        throw error(
            file, line, "hash_ids[" + i + "] was " + ids.get(i) + "; expected a whole number");
      }
      hashIds[i] = ids.get(i).asLong();
    }
    return new TraceEntry(line, timestamp, input, output, hashIds);
  }

  private static long whole(Path file, int line, JsonNode node, String field, long min) {
    JsonNode v = node.get(field);
    if (v == null || !v.canConvertToLong() || v.asLong() < min || v.asLong() > Integer.MAX_VALUE) {
      throw error(
          file,
          line,
          field
              + (v == null ? " is missing" : " was " + v)
              + "; expected a whole number from "
              + min);
    }
    return v.asLong();
  }

  private static IllegalArgumentException error(Path file, int line, String what) {
    return new IllegalArgumentException(file + ":" + line + ": " + what);
  }
}
