package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.metrics.Slo;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MS = 1_000_000L;

  @TempDir Path run;

  /** Request i (1..n) is sent at i*100 ms, first token after 50 ms, then 4 tokens 10 ms apart. */
  private static RequestRecord request(int i) {
    return ScriptedRequests.ok("in8-out5-c2", i);
  }

  private static RequestRecord failure(int i) {
    return ScriptedRequests.failed("in8-out5-c2", i, 429, "HTTP 429: slow down");
  }

  /** A run that planned exactly the requests it recorded, so it ran to its end. */
  private void writeRun(List<RequestRecord> records) throws IOException {
    writeRun(records, records.size());
  }

  private void writeRun(List<RequestRecord> records, int planned) throws IOException {
    ScriptedRequests.writeRun(
        run,
        List.of(CellSpec.of(8, 5, 2, planned, 1)),
        new Slo(60.0, null, null),
        Thresholds.NONE,
        records);
  }

  @Test
  void writesTheContractsWithExactlyTheSeedsFieldNames() throws IOException {
    writeRun(List.of(request(1), request(2), request(3), request(4), failure(5)));

    RunReport.Result result = RunReport.write(run);

    assertEquals(4, result.completed());
    assertEquals(1, result.failed());
    JsonNode latency = JSON.readTree(run.resolve("latency_p99.json").toFile());
    assertEquals("latency_p99", latency.get("indicator").asText());
    assertEquals(4, latency.get("requests").asLong());
    // End-to-end latencies are 91, 92, 93, 94 ms; HdrHistogram keeps 3 significant digits.
    assertEquals(92, latency.get("p50_ms").asDouble(), 0.1);
    assertEquals(94, latency.get("p99_ms").asDouble(), 0.1);
    assertTrue(latency.has("p90_ms"));

    JsonNode throughput = JSON.readTree(run.resolve("throughput_rps.json").toFile());
    assertEquals("throughput_rps", throughput.get("indicator").asText());
    assertEquals(2, throughput.get("concurrency").asInt());
    // First send at 100 ms, last end at 400 + 94 = 494 ms (the failure ended at 502 ms).
    assertEquals(0.402, throughput.get("duration_s").asDouble(), 1e-9);
    assertEquals(4 / 0.402, throughput.get("rps").asDouble(), 0.001);
  }

  @Test
  void summaryHasPerTokenTimingAndTheErrorBreakdown() throws IOException {
    writeRun(List.of(request(1), request(2), failure(3)));

    RunReport.write(run);

    JsonNode cell = JSON.readTree(run.resolve("summary.json").toFile()).get("cells").get(0);
    assertEquals("in8-out5-c2", cell.get("name").asText());
    JsonNode latency = cell.get("latency");
    assertEquals(50, latency.get("ttft_ms").get("p50").asDouble(), 0.05);
    assertEquals(8, latency.get("itl_ms").get("count").asLong());
    assertEquals(10, latency.get("itl_ms").get("p99").asDouble(), 0.01);
    assertEquals(10, latency.get("tpot_ms").get("mean").asDouble(), 0.01);
    assertEquals(1, cell.get("errors").get("HTTP 429: slow down").asLong());
    JsonNode client = cell.get("client");
    assertEquals(1, client.get("send_lag_ms").get("max").asDouble(), 0.01);
    assertEquals(51, client.get("ttft_from_intended_ms").get("p50").asDouble(), 0.06);
    assertFalse(
        client.get("limited").asBoolean(), "1 ms of send lag at p99 is at the limit, not over");
    // Both successes meet ttft <= 60 ms; the 429 does not count.
    assertEquals(2, cell.get("throughput").get("good_requests").asLong());
    // Requests 1 and 2 overlap in no millisecond: 100..191 ms and 200..292 ms; the failure
    // 300..302.
    assertEquals(1, cell.get("throughput").get("peak_concurrency").asInt());
    // The cell lasts 0.202 s, less than the 1 s window peak output tokens/s is counted over.
    assertTrue(cell.get("throughput").get("peak_output_tokens_per_s").isNull());
    assertTrue(
        cell.get("notes").toString().contains("its peak is not meaningful"),
        cell.get("notes").toString());
    assertEquals(10, cell.get("tokens").get("tokens_per_chunk").get("1").asLong());
  }

  @Test
  void errorsThatDifferOnlyInNumbersAreOneKindInTheSummaryTheTableAndThePage() throws IOException {
    String cell = "in8-out5-c2";
    writeRun(
        List.of(
            request(1),
            ScriptedRequests.failed(cell, 2, 0, "idle timeout after 5000 ms"),
            ScriptedRequests.failed(cell, 3, 0, "idle timeout after 5001 ms"),
            ScriptedRequests.failed(cell, 4, 0, "idle timeout after 5028 ms")));

    RunReport.write(run);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile()).get("cells").get(0);
    assertEquals(1, summary.get("errors").size(), summary.get("errors").toString());
    assertEquals(3, summary.get("errors").get("idle timeout after <n> ms").asLong());
    assertEquals(
        "idle timeout after 5000 ms",
        summary.get("error_examples").get("idle timeout after <n> ms").asText());
    String line = cell + ": 3 x idle timeout after <n> ms (e.g. \"idle timeout after 5000 ms\")";
    assertTrue(MatrixTable.render(run).contains(line), MatrixTable.render(run));
    assertTrue(
        Files.readString(run.resolve("index.html")).contains(MatrixPage.escape(line)),
        "the page lists the kind with its example");
  }

  @Test
  void aTruncatedLastLineIsSkippedAndNamed() throws IOException {
    writeRun(List.of(request(1), request(2)));
    Files.writeString(
        run.resolve("requests.jsonl"),
        "{\"requestId\":\"r3\",\"cell\":\"in8",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);

    RunReport.Result result = RunReport.write(run);

    assertEquals(2, result.completed());
    assertEquals(1, result.skipped().size());
    assertEquals(3, result.skipped().get(0).line());
  }

  @Test
  void aFolderWithoutRecordsIsAnErrorThatNamesTheFile() throws IOException {
    Files.createDirectories(run);
    IOException e = assertThrows(IOException.class, () -> RunReport.write(run));
    assertTrue(e.getMessage().contains("run.json"), e.getMessage());
  }

  @Test
  void aLateClientIsCalledOutInPlainWords() throws IOException {
    RequestRecord r = request(1);
    RequestRecord late =
        new RequestRecord(
            r.requestId(),
            r.responseId(),
            r.cell(),
            r.sentNanos() - 5 * MS,
            r.sentNanos(),
            200,
            true,
            null,
            r.firstTokenNanos(),
            r.firstAnswerNanos(),
            r.endNanos(),
            r.chunkNanos(),
            r.chunkTokens(),
            r.tokenSource(),
            8,
            8,
            5,
            5);
    writeRun(List.of(late));

    RunReport.write(run);

    JsonNode cell = JSON.readTree(run.resolve("summary.json").toFile()).get("cells").get(0);
    assertTrue(cell.get("client").get("limited").asBoolean());
    assertTrue(cell.get("notes").get(0).asText().startsWith("The load generator was the limit"));
    assertEquals(96, cell.get("client").get("e2e_from_intended_ms").get("max").asDouble(), 0.1);
  }

  @Test
  void histogramLogReadsBackTaggedAndExact() throws IOException {
    writeRun(List.of(request(1), request(2), request(3)));

    RunReport.write(run);

    java.util.Map<String, org.HdrHistogram.Histogram> byTag = new java.util.HashMap<>();
    try (var in = Files.newInputStream(run.resolve("histograms.hlog"))) {
      var reader = new org.HdrHistogram.HistogramLogReader(in);
      org.HdrHistogram.EncodableHistogram h;
      while ((h = reader.nextIntervalHistogram()) != null) {
        byTag.put(h.getTag(), (org.HdrHistogram.Histogram) h);
      }
    }
    assertEquals(3, byTag.get("in8-out5-c2/e2e").getTotalCount());
    assertEquals(12, byTag.get("in8-out5-c2/itl").getTotalCount());
    assertEquals(50_000, byTag.get("in8-out5-c2/ttft").getValueAtPercentile(50), 50);
  }
}
