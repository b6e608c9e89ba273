package io.tokenload.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of four shard folders, each written as a live shard writes it, against one run over the
 * union of the same records and against the shards' own histogram logs added up.
 */
class ShardMergeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000L;
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final List<CellSpec> CELLS =
      List.of(
          new CellSpec("in8-out6-c4", 8, 6, 4, 41, 1), new CellSpec("in8-out6-c8", 8, 6, 8, 83, 1));

  @TempDir Path dir;

  /** Every record of every shard, on the common clock, as one machine would have written them. */
  private final List<RequestRecord> union = new ArrayList<>();

  private Path shard(int index, int count, long originOffsetMs, List<CellSpec> cells)
      throws IOException {
    return shard(index, count, originOffsetMs, 0, cells);
  }

  /** A shard whose clock origin is {@code originOffsetMs} after T0 and cells start late. */
  private Path shard(int index, int count, long originOffsetMs, long lateMs, List<CellSpec> cells)
      throws IOException {
    Path folder = dir.resolve("shards").resolve("run-shard" + index + "of" + count);
    Shard shard = new Shard(index, count);
    List<CellSpec> parts = new ArrayList<>();
    for (CellSpec cell : cells) {
      shard.share(cell).ifPresent(s -> parts.add(s.cell()));
    }
    info(folder.getFileName().toString(), parts)
        .withShard(
            new RunInfo.ShardIdentity(
                index, count, T0.plusMillis(originOffsetMs).toString(), null, "barrier", cells))
        .write(folder);
    SplittableRandom random = new SplittableRandom(index * 31L + 7);
    StringBuilder progress = new StringBuilder();
    try (RecordWriter out = new RecordWriter(folder.resolve("requests.jsonl"))) {
      long cellStart = (2_000 - originOffsetMs + lateMs) * MS; // cells start at common instants
      for (CellSpec part : parts) {
        for (int k = 0; k < part.requests(); k++) {
          RequestRecord r = request(part.name(), index + "-" + k, cellStart + k * 7 * MS, random);
          out.accept(r);
          union.add(r.movedBy(originOffsetMs * MS));
        }
        cellStart += 5_000 * MS;
        progress.append("{\"cell\":\"").append(part.name()).append("\"}\n");
      }
    }
    Files.writeString(folder.resolve("progress.jsonl"), progress);
    return folder;
  }

  private static RunInfo info(String runId, List<CellSpec> cells) {
    return new RunInfo(
        1,
        runId,
        "MatrixSimulation",
        T0.toString(),
        "http://127.0.0.1:8000",
        Map.of(),
        "m",
        "chat",
        "vllm",
        null,
        4,
        cells,
        Slo.NONE,
        "words",
        0);
  }

  private static RequestRecord request(String cell, String id, long sent, SplittableRandom r) {
    long ttft = (20 + r.nextInt(300)) * MS + r.nextInt(1000) * 1000L;
    long[] chunks = new long[6];
    int[] tokens = new int[6];
    chunks[0] = ttft;
    tokens[0] = 1;
    for (int i = 1; i < 6; i++) {
      chunks[i] = chunks[i - 1] + (2 + r.nextInt(40)) * MS + r.nextInt(1000) * 1000L;
      tokens[i] = 1;
    }
    long end = chunks[5] + MS;
    return new RequestRecord(
        id, null, cell, sent, sent, 200, true, null, ttft, ttft, end, chunks, tokens, "usage", 8, 8,
        6, 6);
  }

  private Path fourShards() throws IOException {
    for (int i = 0; i < 4; i++) {
      shard(i, 4, i * 3L, CELLS);
    }
    return dir.resolve("shards");
  }

  private static JsonNode summary(Path run) throws IOException {
    return JSON.readTree(run.resolve("summary.json").toFile());
  }

  @Test
  void mergedPercentilesAreThoseOfOneRunOverTheSameRecords() throws Exception {
    Path shards = fourShards();
    Path single = dir.resolve("single");
    info("single", CELLS).write(single);
    try (RecordWriter out = new RecordWriter(single.resolve("requests.jsonl"))) {
      union.forEach(out::accept);
    }
    RunReport.write(single);

    ShardMerge.merge(List.of(shards), dir.resolve("merged"));

    JsonNode merged = summary(dir.resolve("merged"));
    JsonNode one = summary(single);
    assertEquals(124, merged.get("run").get("completed").asLong());
    for (int c = 0; c < 2; c++) {
      JsonNode m = merged.get("cells").get(c);
      JsonNode o = one.get("cells").get(c);
      assertEquals(o.get("name"), m.get("name"));
      for (String metric : List.of("ttft_ms", "itl_ms", "tpot_ms", "e2e_ms")) {
        JsonNode got = m.get("latency").get(metric);
        assertTrue(got.get("count").asLong() > 0, metric);
        assertEquals(o.get("latency").get(metric), got, m.get("name") + " " + metric);
      }
      assertEquals(o.get("throughput"), m.get("throughput"));
    }
    assertEquals(one.get("run").get("latency"), merged.get("run").get("latency"));
    assertEquals(one.get("run").get("throughput"), merged.get("run").get("throughput"));
  }

  @Test
  void mergedPercentilesEqualTheShardsHistogramLogsAddedUp() throws Exception {
    Path shards = fourShards();
    Map<String, Histogram> added = new HashMap<>();
    for (int i = 0; i < 4; i++) {
      Path shard = shards.resolve("run-shard" + i + "of4");
      RunReport.write(shard);
      HistogramLogReader log = new HistogramLogReader(shard.resolve("histograms.hlog").toFile());
      while (log.hasNext()) {
        Histogram h = (Histogram) log.nextIntervalHistogram();
        added.computeIfAbsent(h.getTag(), t -> new Histogram(1, 3_600_000_000L, 3)).add(h);
      }
    }

    ShardMerge.merge(List.of(shards), dir.resolve("merged"));

    JsonNode cells = summary(dir.resolve("merged")).get("cells");
    for (int c = 0; c < 2; c++) {
      JsonNode cell = cells.get(c);
      String name = cell.get("name").asText();
      for (String[] metric :
          List.of(new String[] {"ttft", "ttft_ms"}, new String[] {"itl", "itl_ms"})) {
        Histogram h = added.get(name + "/" + metric[0]);
        for (String[] p :
            List.of(
                new String[] {"p50", "50"},
                new String[] {"p99", "99"},
                new String[] {"p99_9", "99.9"})) {
          double expected = h.getValueAtPercentile(Double.parseDouble(p[1])) / 1000.0;
          double got = cell.get("latency").get(metric[1]).get(p[0]).asDouble();
          // Both come from the same histograms; the summary rounds to the microsecond.
          assertEquals(expected, got, 0.001, name + " " + metric[0] + " " + p[0]);
        }
      }
    }
  }

  @Test
  void theMergedRunLooksLikeOneRunOfTheWholeLoad() throws Exception {
    Path shards = fourShards();

    ShardMerge.Result result = ShardMerge.merge(List.of(shards), dir.resolve("merged"));

    Path merged = dir.resolve("merged");
    RunInfo info = RunInfo.read(merged);
    assertEquals(CELLS, info.cells());
    assertEquals(null, info.shard());
    assertEquals("4 of 4 shards", result.shards().covers());
    for (String file :
        List.of(
            "latency_p99.json",
            "throughput_rps.json",
            "summary.json",
            "matrix.csv",
            "index.html",
            "histograms.hlog",
            "cells/in8-out6-c8/vllm_result.json")) {
      assertTrue(Files.isRegularFile(merged.resolve(file)), file);
    }
    JsonNode throughput = JSON.readTree(merged.resolve("throughput_rps.json").toFile());
    assertEquals(8, throughput.get("concurrency").asInt());
    // From the first request sent by any shard to the last one's end, on the common clock.
    long first = union.stream().mapToLong(RequestRecord::sentNanos).min().orElseThrow();
    long last = union.stream().mapToLong(r -> r.sentNanos() + r.endNanos()).max().orElseThrow();
    assertEquals((last - first) / 1e9, throughput.get("duration_s").asDouble(), 0.001);
    JsonNode shardsSection = summary(merged).get("shards");
    assertEquals(4, shardsSection.get("shards").size());
    assertEquals("complete", shardsSection.get("shards").get(2).get("status").asText());
    assertEquals(0.0, shardsSection.get("start_spread_ms").get("in8-out6-c4").asDouble(), 1e-9);
    assertTrue(summary(merged).get("notes").get(0).asText().contains("4 of 4 shards"));
  }

  @Test
  void aMissingShardIsNamedAndTheMergeSaysWhatItCovers() throws Exception {
    for (int i : new int[] {0, 1, 3}) {
      shard(i, 4, 0, CELLS);
    }

    ShardMerge.Result result = ShardMerge.merge(List.of(dir.resolve("shards")), dir.resolve("m"));

    assertEquals("3 of 4 shards; missing: shard 2", result.shards().covers());
    JsonNode notes = summary(dir.resolve("m")).get("notes");
    assertTrue(notes.toString().contains("Shard 2 of 4 missing"), notes.toString());
    assertEquals(93, result.report().completed());
  }

  @Test
  void aShardCutShortIsNamed() throws Exception {
    Path shards = fourShards();
    Files.writeString(
        shards.resolve("run-shard1of4").resolve("progress.jsonl"), "{\"cell\":\"in8-out6-c4\"}\n");

    ShardMerge.Result result = ShardMerge.merge(List.of(shards), dir.resolve("m"));

    assertEquals(
        "4 of 4 shards; cut short: shard 1 (finished 1 of its 2 cells)", result.shards().covers());
    assertEquals("cut", result.shards().shards().get(1).status());
  }

  @Test
  void cellsStartedFarApartGetANote() throws Exception {
    shard(0, 2, 0, CELLS);
    shard(1, 2, 3, 40, CELLS); // its cells start 40 ms after shard 0's

    ShardMerge.Result result = ShardMerge.merge(List.of(dir.resolve("shards")), dir.resolve("m"));

    assertFalse(result.shards().notes().isEmpty());
    assertTrue(
        result
            .shards()
            .notes()
            .get(0)
            .startsWith("The shards started cell in8-out6-c4 40.0 ms apart"),
        result.shards().notes().get(0));
  }

  @Test
  void mergingNothingFails() throws Exception {
    Files.createDirectories(dir.resolve("empty"));

    var e = assertThrows(MergeException.class, () -> ShardMerge.merge(List.of(), dir.resolve("m")));

    assertTrue(e.getMessage().startsWith("nothing to merge"), e.getMessage());
  }

  @Test
  void shardsOfDifferentRunDefinitionsAreRefused() throws Exception {
    Path a = shard(0, 2, 0, CELLS);
    Path b = shard(1, 2, 0, List.of(new CellSpec("in8-out6-c4", 8, 6, 4, 99, 1)));

    var e =
        assertThrows(MergeException.class, () -> ShardMerge.merge(List.of(a, b), dir.resolve("m")));

    assertEquals(
        a + " and " + b + " are shards of different run definitions: their cells differ",
        e.getMessage());
  }

  @Test
  void theSameShardTwiceIsRefused() throws Exception {
    Path a = shard(0, 2, 0, CELLS);

    var e =
        assertThrows(MergeException.class, () -> ShardMerge.merge(List.of(a, a), dir.resolve("m")));

    assertEquals("shard 0 appears twice: " + a + " and " + a, e.getMessage());
  }

  @Test
  void anUnshardedRunIsRefused() throws Exception {
    Path plain = dir.resolve("plain");
    info("plain", CELLS).write(plain);

    var e =
        assertThrows(
            MergeException.class, () -> ShardMerge.merge(List.of(plain), dir.resolve("m")));

    assertTrue(e.getMessage().contains("is not a shard"), e.getMessage());
  }
}
