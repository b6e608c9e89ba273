package io.tokenload.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixSummaryTest {

  @TempDir Path matrix;

  @Test
  void eachRowHasItsStatusAndTheRunsHeadlineFigures() throws Exception {
    ModelRow ran = new ModelRow("ran", "vllm", null, "m", null, null);
    ModelRow skipped = new ModelRow("skipped", "anthropic", null, "c", "ANTHROPIC_API_KEY", null);
    ModelRow refused = new ModelRow("refused", "tgi", "http://127.0.0.1:9", "t", null, null);
    MatrixEvents.append(
        matrix, "skip", "skipped", Map.of("status", "skipped", "reason", "needs X"));
    MatrixEvents.append(matrix, "preflight", "refused", Map.of("status", "preflight_failed"));
    MatrixEvents.append(matrix, "row_end", "ran", Map.of("status", "passed", "code", "0"));
    Files.createDirectories(matrix.resolve("ran"));
    Files.writeString(
        matrix.resolve("ran/summary.json"),
        "{\"run\":{\"completed\":10,\"failed\":0,\"throughput\":{\"requests_per_s\":5.0},"
            + "\"latency\":{\"ttft_ms\":{\"p50\":20.0,\"p99\":25.0}}}}");
    Files.writeString(
        matrix.resolve("ran/progress.jsonl"),
        "{\"finished_at\":\"2026-12-03T09:00:00Z\",\"cell\":\"in8-out8-c1\"}\n");

    List<MatrixSummary.Row> rows = MatrixSummary.write(matrix, List.of(ran, skipped, refused));

    assertEquals(
        List.of("passed", "skipped", "preflight_failed"),
        rows.stream().map(MatrixSummary.Row::status).toList());
    JsonNode summary = new ObjectMapper().readTree(matrix.resolve("summary.json").toFile());
    assertEquals(1, summary.get("passed").asInt());
    assertEquals(1, summary.get("failed").asInt());
    assertEquals(1, summary.get("skipped").asInt());
    assertEquals(5.0, summary.at("/rows/0/figures/requests_per_s").asDouble());
    assertEquals("needs X", summary.at("/rows/1/reason").asText());
    assertTrue(
        Files.readString(matrix.resolve("index.html")).contains("<a href=\"ran/index.html\">"));
    assertTrue(Files.readString(matrix.resolve("events.jsonl")).contains("\"stage\":\"cell_end\""));
  }
}
