package io.tokenload.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tokenload.metrics.RequestRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Streams {@code requests.jsonl} one record at a time, in bounded memory. A damaged line (a run
 * killed mid-write leaves a partial last line) is skipped and named, never fatal.
 */
public final class RecordReader {

  private static final ObjectReader LINE =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .readerFor(RequestRecord.class);

  /** What could not be read: file, line and why. */
  public record Skipped(String file, long line, String reason) {}

  private RecordReader() {}

  /** Feeds every readable record to {@code sink}; returns the lines that were skipped. */
  public static List<Skipped> read(Path file, Consumer<RequestRecord> sink) throws IOException {
    List<Skipped> skipped = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      long n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        RequestRecord record;
        try {
          record = LINE.readValue(line);
        } catch (IOException e) {
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          skipped.add(new Skipped(file.toString(), n, why.lines().findFirst().orElse(why)));
          continue;
        }
        sink.accept(record);
      }
    }
    return skipped;
  }
}
