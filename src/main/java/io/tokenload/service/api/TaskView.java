package io.tokenload.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.service.runner.TaskRunner;
import io.tokenload.service.store.Cell;
import io.tokenload.service.store.Task;
import io.tokenload.workload.LoadPairing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task as the API answers it: state, the pairing of request counts with concurrency levels,
 * progress, the overall summary and every cell with its result ({@code docs/service.md} lists the
 * fields).
 */
final class TaskView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskView() {}

  /** The list entry: no cells. */
  static ObjectNode brief(Task t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", t.id());
    o.put("name", t.name());
    o.put("description", t.description());
    o.put("status", t.status().label());
    o.put("model_id", t.modelId());
    o.put("dataset_id", t.datasetId());
    o.put("created_at", String.valueOf(t.createdAt()));
    o.put("started_at", t.startedAt() == null ? null : t.startedAt().toString());
    o.put("finished_at", t.finishedAt() == null ? null : t.finishedAt().toString());
    o.put("message", t.message());
    return o;
  }

  static ObjectNode full(Task t, List<Cell> cells, Optional<TaskRunner.Live> live) {
    ObjectNode o = brief(t);
    o.put("run_dir", t.runDir());
    o.put("exit_code", t.exitCode());
    o.put("page", "/perf-eval/results/" + t.id());
    o.set("pairing", pairing(cells));
    long finished = cells.stream().filter(c -> c.status().equals(Cell.FINISHED)).count();
    ObjectNode progress = o.putObject("progress");
    progress.put("cells_total", cells.size());
    progress.put("cells_finished", finished);
    progress.put(
        "percent", cells.isEmpty() ? 0 : Math.round(1000.0 * finished / cells.size()) / 10.0);
    progress.put("requests_total", cells.stream().mapToLong(Cell::requests).sum());
    live.ifPresent(
        l -> {
          progress.put("requests_done", l.requestsDone());
          progress.put("current_cell", l.currentCell());
        });
    o.set("summary", summary(cells, t.summary()));
    ArrayNode out = o.putArray("cells");
    for (Cell c : cells) {
      ObjectNode cell = out.addObject();
      cell.put("name", c.name());
      cell.put("input_tokens", c.inputTokens());
      cell.put("output_tokens", c.outputTokens());
      cell.put("concurrency", c.concurrency());
      cell.put("requests", c.requests());
      cell.put("count_carried", c.countCarried());
      cell.put("status", c.status());
      cell.put("finished_at", c.finishedAt() == null ? null : c.finishedAt().toString());
      cell.set("result", c.result());
    }
    return o;
  }

  /** The levels of the first input/output pair: every pair runs the same ones. */
  private static ObjectNode pairing(List<Cell> cells) {
    ObjectNode p = JSON.createObjectNode();
    p.put("rule", LoadPairing.RULE);
    Map<Integer, Cell> levels = new LinkedHashMap<>();
    for (Cell c : cells) {
      levels.putIfAbsent(c.concurrency(), c);
    }
    ArrayNode a = p.putArray("levels");
    StringBuilder text = new StringBuilder();
    for (Cell c : levels.values()) {
      a.addObject()
          .put("concurrency", c.concurrency())
          .put("requests", c.requests())
          .put("count_carried", c.countCarried());
      LoadPairing.Level level =
          new LoadPairing.Level(c.concurrency(), c.requests(), c.countCarried());
      text.append(text.length() == 0 ? "" : ", ").append(level.describe());
    }
    p.put("text", text.toString());
    return p;
  }

  /**
   * Totals over the finished cells: a cell succeeded when none of its requests failed; request
   * figures add up; the headline figures are the best cell's.
   */
  static ObjectNode summary(List<Cell> cells, JsonNode run) {
    ObjectNode s = JSON.createObjectNode();
    long finished = 0;
    long succeeded = 0;
    long completed = 0;
    long failed = 0;
    double peakRps = 0;
    double peakTokens = 0;
    double bestTtft = Double.NaN;
    for (Cell c : cells) {
      JsonNode r = c.result();
      if (r == null || !c.status().equals(Cell.FINISHED)) {
        continue;
      }
      finished++;
      long cellFailed = r.path("failed").asLong();
      succeeded += cellFailed == 0 ? 1 : 0;
      completed += r.path("completed").asLong();
      failed += cellFailed;
      peakRps = Math.max(peakRps, r.path("throughput").path("requests_per_s").asDouble());
      peakTokens =
          Math.max(peakTokens, r.path("throughput").path("output_tokens_per_s").asDouble());
      double ttft = r.path("latency").path("ttft_ms").path("p50").asDouble();
      bestTtft = Double.isNaN(bestTtft) ? ttft : Math.min(bestTtft, ttft);
    }
    s.put("total_cells", cells.size());
    s.put("finished_cells", finished);
    s.put("succeeded_cells", succeeded);
    s.put("failed_cells", finished - succeeded);
    s.put("success_rate", finished == 0 ? 0 : round((double) succeeded / finished));
    s.put("failure_rate", finished == 0 ? 0 : round((double) (finished - succeeded) / finished));
    s.put("requests", completed + failed);
    s.put("completed_requests", completed);
    s.put("failed_requests", failed);
    s.put(
        "request_success_rate",
        completed + failed == 0 ? 0 : round((double) completed / (completed + failed)));
    s.put("peak_requests_per_s", peakRps);
    s.put("peak_output_tokens_per_s", peakTokens);
    if (!Double.isNaN(bestTtft)) {
      s.put("best_ttft_p50_ms", bestTtft);
    }
    if (run != null && !run.isMissingNode()) {
      s.set("run", run);
    }
    return s;
  }

  private static double round(double v) {
    return Math.round(v * 10_000) / 10_000.0;
  }
}
