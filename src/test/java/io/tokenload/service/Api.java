package io.tokenload.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A test's client of the service's API: real HTTP, answers as status and JSON. */
final class Api {

  static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final String token;

  record Answer(int status, JsonNode json) {}

  Api(int port, String token) {
    this.base = "http://127.0.0.1:" + port;
    this.token = token;
  }

  Answer get(String path) throws IOException, InterruptedException {
    return send("GET", path, null, token);
  }

  Answer post(String path, String body) throws IOException, InterruptedException {
    return send("POST", path, body, token);
  }

  Answer send(String method, String path, String body, String bearer)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    return new Answer(r.statusCode(), json);
  }

  /** Polls a task until {@code done} holds, for at most {@code seconds}. */
  JsonNode awaitTask(long id, Predicate<JsonNode> done, int seconds)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    JsonNode task = null;
    while (System.nanoTime() < deadline) {
      task = get("/api/performance-eval/tasks/" + id).json();
      if (done.test(task)) {
        return task;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("task " + id + " did not get there in " + seconds + " s: " + task);
  }

  static long finishedCells(JsonNode task) {
    return task.path("progress").path("cells_finished").asLong();
  }
}
