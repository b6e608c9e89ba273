package io.tokenload.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.tokenload.service.runner.TaskRunner;
import io.tokenload.service.store.Cell;
import io.tokenload.service.store.Task;
import io.tokenload.service.store.TaskStore;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.LoadPairing;
import io.tokenload.workload.ModelRegistry;
import io.tokenload.workload.RunDefinition;
import io.tokenload.workload.SeedScenario;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The task routes' handlers: submit, list, show, cancel, resume; models and datasets. */
final class TaskRoutes {

  static final int MAX_PER_PAGE = 100;
  static final int MAX_CELLS = 10_000;
  private static final Path BODY = Path.of("request body");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final TaskStore store;
  private final TaskRunner runner;
  private final ModelRegistry registry;
  private final int maxBodyBytes;

  TaskRoutes(TaskStore store, TaskRunner runner, ModelRegistry registry, int maxBodyBytes) {
    this.store = store;
    this.runner = runner;
    this.registry = registry;
    this.maxBodyBytes = maxBodyBytes;
  }

  void create(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    SeedScenario.Scenario scenario;
    RunDefinition definition;
    try {
      scenario = SeedScenario.parse(BODY, body, registry);
      definition = scenario.runDefinition(BODY);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (definition.cells().size() > MAX_CELLS) {
      throw ApiError.badRequest(
          "request body: "
              + definition.cells().size()
              + " cells (input_output_pairs × max_concurrency_list); allowed: at most "
              + MAX_CELLS);
    }
    List<Cell> cells = new ArrayList<>();
    for (CellSpec c : definition.cells()) {
      boolean carried =
          scenario.pairing().levels().stream()
              .anyMatch(l -> l.concurrency() == c.concurrency() && l.countCarried());
      cells.add(
          new Cell(
              cells.size(),
              c.name(),
              c.inputTokens(),
              c.outputTokens(),
              c.concurrency(),
              c.requests(),
              carried,
              Cell.PENDING,
              null,
              null));
    }
    long id =
        store.create(
            new TaskStore.NewTask(
                scenario.name(),
                scenario.description(),
                scenario.modelId(),
                scenario.datasetId(),
                body,
                scenario.definition(),
                scenario.pairing().describe(),
                cells));
    runner.submit(id);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("task_id", id);
    answer.put("status", "queued");
    answer.put("cells", cells.size());
    answer.set("pairing", pairing(scenario.pairing()));
    answer.put("page", "/perf-eval/results/" + id);
    json(ctx.status(201), answer);
  }

  private static ObjectNode pairing(LoadPairing p) {
    ObjectNode o = JSON.createObjectNode();
    o.put("rule", LoadPairing.RULE);
    o.put("text", p.describe());
    ArrayNode levels = o.putArray("levels");
    for (LoadPairing.Level l : p.levels()) {
      levels
          .addObject()
          .put("concurrency", l.concurrency())
          .put("requests", l.requests())
          .put("count_carried", l.countCarried());
    }
    return o;
  }

  void list(Context ctx) throws IOException {
    int page = query(ctx, "page", 1, 1, 1_000_000);
    int perPage = query(ctx, "per_page", 20, 1, MAX_PER_PAGE);
    ObjectNode answer = JSON.createObjectNode();
    answer.put("page", page);
    answer.put("per_page", perPage);
    answer.put("total", store.count());
    ArrayNode tasks = answer.putArray("tasks");
    for (Task t : store.page(perPage, (page - 1) * perPage)) {
      ObjectNode brief = TaskView.brief(t);
      brief.set("summary", TaskView.summary(store.cells(t.id()), t.summary()));
      tasks.add(brief);
    }
    json(ctx, answer);
  }

  void get(Context ctx) throws IOException {
    Task t = task(ctx);
    json(ctx, TaskView.full(t, store.cells(t.id()), runner.live(t.id())));
  }

  void cancel(Context ctx) throws IOException {
    Task t = task(ctx);
    if (!runner.cancel(t.id())) {
      throw new ApiError(
          409,
          "task "
              + t.id()
              + " is "
              + t.status().label()
              + "; only queued or running tasks can be cancelled");
    }
    json(ctx.status(202), JSON.createObjectNode().put("task_id", t.id()).put("cancelling", true));
  }

  void resume(Context ctx) throws IOException {
    Task t = task(ctx);
    try {
      runner.resume(t.id());
    } catch (IllegalStateException e) {
      throw new ApiError(409, e.getMessage());
    }
    json(ctx.status(202), JSON.createObjectNode().put("task_id", t.id()).put("status", "queued"));
  }

  void models(Context ctx) throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("registry", registry.file().toString());
    answer.set("models", JSON.valueToTree(registry.models()));
    json(ctx, answer);
  }

  void datasets(Context ctx) throws IOException {
    ObjectNode answer = JSON.createObjectNode();
    answer
        .putArray("datasets")
        .addObject()
        .put("id", SeedScenario.SYNTHETIC_DATASET)
        .put("name", "synthetic")
        .put(
            "description",
            "the built-in synthetic prompts, made exact to each cell's input length");
    json(ctx, answer);
  }

  /** The {@code {id}} of the path, as an existing task. */
  Task task(Context ctx) {
    long id = id(ctx);
    return store.task(id).orElseThrow(() -> ApiError.notFound(id));
  }

  static long id(Context ctx) {
    String raw = ctx.pathParam("id");
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw ApiError.badRequest("id was '" + raw + "'; allowed: a task id, a whole number from 1");
  }

  private JsonNode body(Context ctx) throws IOException {
    byte[] bytes;
    try (InputStream in = ctx.bodyInputStream()) {
      bytes = in.readNBytes(maxBodyBytes + 1);
    }
    if (bytes.length > maxBodyBytes) {
      throw new ApiError(
          413, "request body is over " + maxBodyBytes + " bytes; allowed: at most " + maxBodyBytes);
    }
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw ApiError.badRequest(
            "request body: a JSON object is needed, such as {\"model_id\": 1, …}");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw ApiError.badRequest(
          "request body: not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage());
    }
  }

  private static int query(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int v = Integer.parseInt(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // the message below
    }
    throw ApiError.badRequest(
        name + " was '" + raw + "'; allowed: a whole number from " + min + " to " + max);
  }

  static void json(Context ctx, JsonNode node) throws IOException {
    ctx.contentType("application/json").result(JSON.writeValueAsBytes(node));
  }
}
