package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code shards.json}: what a merged run folder is made of, written by {@code tokenload merge}
 * before the post-processor runs. The post-processor copies it into {@code summary.json} as {@code
 * shards} and its notes into the run's notes, so the page and the summary say what the merge
 * covers.
 *
 * @param count the shards the load was split into
 * @param covers one line: which shards the merged numbers include, and which are missing or cut
 * @param shards every shard of the load, present or not, by index
 * @param startSpreadMs per cell, how far apart the shards' first requests were due to go (ms)
 * @param notes plain words: missing and cut shards, cells started far apart
 */
public record MergedShards(
    int count,
    String covers,
    List<Entry> shards,
    @JsonProperty("start_spread_ms") Map<String, Double> startSpreadMs,
    List<String> notes) {

  public static final String FILE = "shards.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One shard.
   *
   * @param index the shard's index
   * @param folder its run folder, null when missing
   * @param status {@code complete}, {@code cut} (it did not finish every cell it had a part of) or
   *     {@code missing}
   * @param completed its completed requests
   * @param failed its failed requests
   * @param cellsFinished cells it finished, of {@code cellsOwed} it had a part of
   * @param cellsOwed the cells it had a part of
   * @param client its event loops' health ({@code client.json}), null when it wrote none
   */
  public record Entry(
      int index,
      @JsonInclude(JsonInclude.Include.NON_NULL) String folder,
      String status,
      long completed,
      long failed,
      @JsonProperty("cells_finished") int cellsFinished,
      @JsonProperty("cells_owed") int cellsOwed,
      @JsonInclude(JsonInclude.Include.NON_NULL) ClientHealth client) {}

  public void write(Path runDir) throws IOException {
    JSON.writeValue(runDir.resolve(FILE).toFile(), this);
  }

  static Optional<MergedShards> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), MergedShards.class))
        : Optional.empty();
  }
}
