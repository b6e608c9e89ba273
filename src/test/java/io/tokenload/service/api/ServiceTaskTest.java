package io.tokenload.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.service.Service;
import io.tokenload.service.TestService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks that run: real child processes (MatrixSimulation against the embedded target) started by an
 * in-process service. The seed's unequal lists are paired and shown; the event stream replays
 * stored events and then follows live ones; cancel stops the run and keeps its finished cells.
 */
class ServiceTaskTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "task-test-token";

  @TempDir static Path dir;
  static Service service;

  @BeforeAll
  static void start() throws IOException {
    service = TestService.start(dir, TOKEN);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .header("Authorization", "Bearer " + TOKEN)
        .timeout(Duration.ofSeconds(30));
  }

  private static JsonNode call(String method, String path, String body) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            request(path)
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(
        r.statusCode() / 100 == 2, method + " " + path + ": " + r.statusCode() + " " + r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode await(long id, Predicate<JsonNode> done, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode task = null;
    while (System.nanoTime() < deadline) {
      task = call("GET", "/api/performance-eval/tasks/" + id, null);
      if (done.test(task)) {
        return task;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task " + id + " did not get there in " + seconds + " s: " + task);
  }

  private static boolean ended(JsonNode t) {
    return t.path("status").asText().matches("completed|failed|cancelled|interrupted");
  }

  @Test
  void theSeedsNineCountsForElevenLevelsCarryTheLastCountOn() throws Exception {
    JsonNode created =
        call(
            "POST",
            ServiceApiTest.CREATE,
            "{\"model_id\": 1, \"num_prompts_list\": [8, 16, 16, 48, 256, 384, 512, 512, 1024],"
                + " \"max_concurrency_list\": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024],"
                + " \"input_output_pairs\": [[16, 16]]}");
    long id = created.path("task_id").asLong();
    call("POST", "/api/performance-eval/tasks/" + id + "/cancel", null);

    JsonNode levels = created.path("pairing").path("levels");
    assertEquals(11, levels.size());
    assertEquals(1024, levels.get(9).path("requests").asInt());
    assertTrue(levels.get(10).path("count_carried").asBoolean());
    assertTrue(!levels.get(8).path("count_carried").asBoolean());
    assertTrue(
        created
            .path("pairing")
            .path("text")
            .asText()
            .endsWith("c=512 n=1024 (carried), c=1024 n=1024 (carried)"),
        created.path("pairing").toString());
    JsonNode task = await(id, ServiceTaskTest::ended, 60);
    assertEquals("cancelled", task.path("status").asText());
    assertEquals(11, task.path("pairing").path("levels").size());
  }

  @Test
  void theEventStreamReplaysThenFollowsUntilTheTaskEnds() throws Exception {
    long id =
        call("POST", ServiceApiTest.CREATE, ServiceApiTest.body("1", "[3]", "[1, 2]", "[[16, 16]]"))
            .path("task_id")
            .asLong();
    List<String> events = new ArrayList<>();
    String lastCellId = null;
    HttpResponse<Stream<String>> stream =
        HTTP.send(
            request("/api/performance-eval/tasks/" + id + "/events")
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(120))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    String id0 = null;
    try (Stream<String> lines = stream.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        if (line.startsWith("id: ")) {
          id0 = line.substring(4);
        } else if (line.startsWith("event: ")) {
          events.add(line.substring(7));
          if (line.equals("event: cell")) {
            lastCellId = id0;
          }
        } else if (line.startsWith("data: ") && line.contains("\"status\":\"completed\"")) {
          break;
        }
      }
    }
    assertEquals(List.of("status", "status", "run_folder"), events.subList(0, 3));
    assertEquals(2, events.stream().filter("cell"::equals).count(), events.toString());

    HttpResponse<Stream<String>> replay =
        HTTP.send(
            request("/api/performance-eval/tasks/" + id + "/events")
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", lastCellId)
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = replay.body()) {
      String first = lines.filter(l -> l.startsWith("event: ")).findFirst().orElseThrow();
      assertEquals("event: status", first, "after the last cell event comes the final status");
    }
  }

  @Test
  void cancelStopsTheRunAndKeepsItsFinishedCells() throws Exception {
    long id =
        call(
                "POST",
                ServiceApiTest.CREATE,
                ServiceApiTest.body("1", "[3, 60]", "[1, 2]", "[[16, 300]]"))
            .path("task_id")
            .asLong();
    JsonNode one = await(id, t -> t.path("progress").path("cells_finished").asInt() == 1, 120);
    JsonNode kept = one.path("cells").get(0).path("result");
    call("POST", "/api/performance-eval/tasks/" + id + "/cancel", null);

    JsonNode task = await(id, ServiceTaskTest::ended, 60);
    assertEquals("cancelled", task.path("status").asText(), task.toString());
    assertEquals(kept, task.path("cells").get(0).path("result"));
    assertEquals("pending", task.path("cells").get(1).path("status").asText());
    assertTrue(task.path("cells").get(1).path("result").isNull());
  }
}
