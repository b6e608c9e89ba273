package io.tokenload.servermetrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One scrape, by role ({@link ServerKind}): one line of {@code server_metrics.jsonl}, written as it
 * is taken.
 *
 * @param tMs when it was taken, milliseconds from the run's time origin (the records' clock)
 * @param kind the server's kind ({@code VLLM}, ...), null when the scrape failed
 * @param gauges running, waiting, kv_cache_usage, as the server reported them then
 * @param counters cumulative counters since the server started
 * @param histograms cumulative histograms since the server started, in seconds
 * @param error why the scrape failed, null when it did not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reading(
    @JsonProperty("t_ms") double tMs,
    String kind,
    Map<String, Double> gauges,
    Map<String, Double> counters,
    Map<String, Buckets> histograms,
    String error) {

  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * The readings of {@code runDir}'s {@value MetricsScraper#FILE} in order, damaged lines (a run
   * killed mid-write) skipped; empty when the run scraped nothing.
   */
  public static List<Reading> readAll(Path runDir) throws IOException {
    Path file = runDir.resolve(MetricsScraper.FILE);
    List<Reading> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        try {
          if (!line.isBlank()) {
            out.add(JSON.readValue(line, Reading.class));
          }
        } catch (JsonProcessingException e) {
          // a line cut by a kill: the others still hold
        }
      }
    }
    return out;
  }

  static Reading failed(double tMs, String error) {
    return new Reading(tMs, null, Map.of(), Map.of(), Map.of(), error);
  }

  boolean ok() {
    return error == null;
  }
}
