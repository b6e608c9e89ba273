package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every output file, field by field: golden files ({@code golden/}) for a scripted run, and the
 * real quick run ({@code quick-run/}) for the layout and the Gatling cross-check.
 */
class ReportOutputsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000L;
  private static final String GOLDEN = "/io/tokenload/report/golden/";

  @TempDir Path run;

  /** Request i of a cell: sent at i*100 ms, first token after 50 + i ms, 4 more 10 ms apart. */
  static RequestRecord request(String cell, int i) {
    return ScriptedRequests.ok(cell, i, 50 * MS + i * MS);
  }

  static RequestRecord failure(String cell, int i) {
    return ScriptedRequests.failed(cell, i, 429, "HTTP 429: slow down");
  }

  /** Two cells of a closed matrix, an SLO of TTFT <= 53 ms, one 429 in the second cell. */
  static void writeScriptedRun(Path run) throws IOException {
    new RunInfo(
            1,
            "golden-run",
            "MatrixSimulation",
            "2026-01-02T03:04:05Z",
            "embedded",
            Map.of(),
            "tokenload-sim",
            "chat",
            "vllm",
            null,
            0,
            List.of(CellSpec.of(8, 5, 1, 3, 1), CellSpec.of(8, 5, 2, 4, 2)),
            new Slo(53.0, null, null),
            "words",
            0)
        .write(run);
    try (RecordWriter w = new RecordWriter(run.resolve("requests.jsonl"))) {
      for (int i = 1; i <= 3; i++) {
        w.accept(request("in8-out5-c1", i));
      }
      for (int i = 4; i <= 6; i++) {
        w.accept(request("in8-out5-c2", i));
      }
      w.accept(failure("in8-out5-c2", 7));
    }
  }

  private String golden(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(GOLDEN + name)) {
      if (in == null) {
        throw new IOException("no golden file " + GOLDEN + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latency_p99.json",
        "throughput_rps.json",
        "ttft.json",
        "itl.json",
        "tpot.json",
        "e2e_latency.json",
        "goodput.json",
        "vllm_result.json"
      })
  void eachCellContractMatchesItsGoldenFile(String file) throws IOException {
    writeScriptedRun(run);

    RunReport.write(run);

    assertEquals(golden("cell/" + file), read(run.resolve("cells/in8-out5-c2/" + file)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "latency_p99.json",
        "throughput_rps.json",
        "ttft.json",
        "itl.json",
        "tpot.json",
        "e2e_latency.json",
        "goodput.json"
      })
  void eachRunContractMatchesItsGoldenFile(String file) throws IOException {
    writeScriptedRun(run);

    RunReport.write(run);

    assertEquals(golden("run/" + file), read(run.resolve(file)));
  }

  @Test
  void matrixCsvHasOneRowPerCellInTheDocumentedColumns() throws IOException {
    writeScriptedRun(run);

    RunReport.write(run);

    assertEquals(golden("matrix.csv"), read(run.resolve("matrix.csv")));
  }

  @Test
  void vllmResultHasExactlyTheKeysVllmBenchServeWrites() throws IOException {
    writeScriptedRun(run);

    RunReport.write(run);

    List<String> keys = new ArrayList<>();
    JSON.readTree(run.resolve("cells/in8-out5-c1/vllm_result.json").toFile())
        .fieldNames()
        .forEachRemaining(keys::add);
    List<String> expected =
        new ArrayList<>(
            List.of(
                "date",
                "backend",
                "model_id",
                "tokenizer_id",
                "num_prompts",
                "request_rate",
                "burstiness",
                "max_concurrency",
                "duration",
                "completed",
                "failed",
                "total_input_tokens",
                "total_output_tokens",
                "request_throughput",
                "request_goodput",
                "output_throughput",
                "total_token_throughput",
                "max_output_tokens_per_s",
                "max_concurrent_requests"));
    for (String metric : List.of("ttft", "tpot", "itl", "e2el")) {
      for (String stat : List.of("mean", "median", "std", "p99")) {
        expected.add(stat + "_" + metric + "_ms");
      }
    }
    assertEquals(expected, keys);
  }

  @Test
  void withoutSlosThereIsNoGoodputFileAndRequestGoodputIsNull() throws IOException {
    writeScriptedRun(run);
    RunInfo withSlo = RunInfo.read(run);
    new RunInfo(
            1,
            withSlo.runId(),
            withSlo.simulation(),
            withSlo.startedAt(),
            withSlo.target(),
            Map.of(),
            withSlo.model(),
            withSlo.api(),
            withSlo.flavour(),
            null,
            0,
            withSlo.cells(),
            null,
            "words",
            0)
        .write(run);

    RunReport.write(run);

    assertFalse(Files.exists(run.resolve("goodput.json")));
    assertFalse(Files.exists(run.resolve("cells/in8-out5-c1/goodput.json")));
    assertTrue(
        JSON.readTree(run.resolve("cells/in8-out5-c1/vllm_result.json").toFile())
            .get("request_goodput")
            .isNull());
  }

  private void copyQuickRun() throws IOException {
    QuickRunFixture.copyTo(run);
  }

  @Test
  void aRealRunGetsEveryOutputForTheRunAndEachCell() throws IOException {
    copyQuickRun();

    RunReport.Result result = RunReport.write(run);

    assertEquals(104, result.completed());
    assertEquals(List.of(), result.warnings());
    for (String file :
        List.of(
            "latency_p99.json",
            "throughput_rps.json",
            "ttft.json",
            "itl.json",
            "tpot.json",
            "e2e_latency.json",
            "summary.json",
            "matrix.csv",
            "histograms.hlog",
            "index.html")) {
      assertTrue(Files.isRegularFile(run.resolve(file)), file);
    }
    for (CellSpec cell : RunInfo.read(run).cells()) {
      for (String file :
          List.of(
              "latency_p99.json",
              "throughput_rps.json",
              "ttft.json",
              "itl.json",
              "tpot.json",
              "e2e_latency.json",
              "vllm_result.json")) {
        assertTrue(
            Files.isRegularFile(run.resolve("cells").resolve(cell.name()).resolve(file)),
            cell.name() + "/" + file);
      }
    }
    assertEquals(7, Files.readAllLines(run.resolve("matrix.csv")).size());
  }

  @Test
  void summaryRecordsThatGatlingAndRequestsJsonlAgreePerCell() throws IOException {
    copyQuickRun();

    RunReport.write(run);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("requests.jsonl", summary.get("source").asText());
    JsonNode gatling = summary.get("gatling");
    assertEquals("3.15.1", gatling.get("gatling_version").asText());
    assertEquals(208, gatling.get("request_records").asLong());
    assertTrue(gatling.get("agrees").asBoolean());
    assertEquals(6, gatling.get("cells").size());
    for (JsonNode cell : gatling.get("cells")) {
      double theirs = cell.get("e2e_p99_ms").asDouble();
      double ours = cell.get("e2e_p99_ms_requests_jsonl").asDouble();
      assertTrue(GatlingView.agree(theirs, ours), cell.toString());
    }
  }
}
