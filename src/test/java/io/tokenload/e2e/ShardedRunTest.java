package io.tokenload.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.report.RecordReader;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.shard.ShardMerge;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four injectors, each a Gatling JVM of its own running one shard of a small matrix, against one
 * shared target (what {@code tokenload serve} runs), merged into one run folder.
 */
class ShardedRunTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHARDS = 4;

  @TempDir Path dir;

  @Test
  void fourShardsMergeIntoOneRunOfTheWholeLoad() throws Exception {
    Path definition = dir.resolve("sharded.json");
    Files.writeString(
        definition,
        """
        {"name": "sharded", "input_output": [[64, 32]],
         "load": {"model": "closed", "concurrency": [4, 8], "requests": [16, 24]},
         "warmup_requests": 2, "seed": 3}
        """);
    Path shards = dir.resolve("shards");
    try (TargetServer target =
        TargetServer.start(
            TargetSettings.defaults()
                .withTimeToFirstToken(Duration.ofMillis(20))
                .withInterTokenLatency(Duration.ofMillis(2)))) {
      List<Process> injectors = new ArrayList<>();
      for (int i = 0; i < SHARDS; i++) {
        Map<String, String> props = new HashMap<>();
        props.put("config", definition.toString());
        props.put("reports.dir", shards.toString());
        props.put("base.url", target.baseUri().toString());
        props.put("shard.count", Integer.toString(SHARDS));
        props.put("shard.index", Integer.toString(i));
        props.put("shard.barrier", dir.resolve("barrier").toString());
        props.put("shard.barrier.timeout.s", "120");
        injectors.add(
            GatlingProcess.start(
                "MatrixSimulation",
                props,
                dir.resolve("results"),
                dir.resolve("shard-" + i + ".log")));
      }
      for (int i = 0; i < SHARDS; i++) {
        assertTrue(injectors.get(i).waitFor(240, TimeUnit.SECONDS), "shard " + i + " hung");
        assertEquals(
            0, injectors.get(i).exitValue(), Files.readString(dir.resolve("shard-" + i + ".log")));
      }
    }

    Path merged = dir.resolve("merged");
    ShardMerge.Result result = ShardMerge.merge(List.of(shards), merged);

    assertEquals("4 of 4 shards", result.shards().covers());
    List<Path> folders;
    try (Stream<Path> s = Files.list(shards)) {
      folders = s.sorted().toList();
    }
    long sum = 0;
    for (Path shard : folders) {
      sum +=
          JSON.readTree(shard.resolve("summary.json").toFile())
              .get("run")
              .get("completed")
              .asLong();
    }
    assertEquals(40, sum);
    assertEquals(sum, result.report().completed());
    assertEquals(
        40, JSON.readTree(merged.resolve("latency_p99.json").toFile()).get("requests").asLong());

    // One run over the union of the shards' records, on the common clock, has the same numbers.
    Path union = unionOf(folders, dir.resolve("union"));
    JsonNode m = JSON.readTree(merged.resolve("summary.json").toFile());
    JsonNode u = JSON.readTree(union.resolve("summary.json").toFile());
    for (int c = 0; c < 2; c++) {
      for (String metric : List.of("ttft_ms", "itl_ms")) {
        JsonNode got = m.get("cells").get(c).get("latency").get(metric);
        assertTrue(got.get("count").asLong() > 0);
        assertEquals(u.get("cells").get(c).get("latency").get(metric), got, metric);
      }
    }

    // Contracts and page as a single run of the whole load has them.
    RunInfo info = RunInfo.read(merged);
    assertNull(info.shard());
    assertEquals(
        List.of("in64-out32-c4", "in64-out32-c8"),
        info.cells().stream().map(c -> c.name()).toList());
    assertEquals(
        8,
        JSON.readTree(merged.resolve("throughput_rps.json").toFile()).get("concurrency").asInt());
    assertEquals(
        8,
        JSON.readTree(merged.resolve("cells/in64-out32-c8/vllm_result.json").toFile())
            .get("max_concurrency")
            .asInt());
    assertTrue(Files.readString(merged.resolve("index.html")).contains("in64-out32-c8"));
  }

  private static Path unionOf(List<Path> shards, Path out) throws Exception {
    long origin = Long.MAX_VALUE;
    Map<Path, Long> origins = new HashMap<>();
    RunInfo first = RunInfo.read(shards.get(0));
    for (Path shard : shards) {
      long nanos = RunInfo.read(shard).shard().originEpochNanos();
      origins.put(shard, nanos);
      origin = Math.min(origin, nanos);
    }
    first.asWholeLoad("union", first.startedAt()).write(out);
    try (RecordWriter w = new RecordWriter(out.resolve("requests.jsonl"))) {
      for (Path shard : shards) {
        long shift = origins.get(shard) - origin;
        RecordReader.read(shard.resolve("requests.jsonl"), r -> w.accept(r.movedBy(shift)));
      }
    }
    RunReport.write(out);
    return out;
  }
}
