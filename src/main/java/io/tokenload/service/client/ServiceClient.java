package io.tokenload.service.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The service's API from a script's side: submit a scenario, read a task. */
public final class ServiceClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final URI base;
  private final String token;
  private final Duration timeout;

  /** An answer other than 2xx: its status and the service's message. */
  public static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    public final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  public ServiceClient(URI base, String token, Duration timeout) {
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    this.base = base;
    this.token = token;
    this.timeout = timeout;
  }

  public JsonNode submit(JsonNode scenario) throws IOException, InterruptedException {
    return send(
        "POST",
        "performance-eval/batch-tasks/from-script",
        HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(scenario)));
  }

  public JsonNode task(long id) throws IOException, InterruptedException {
    return send("GET", "performance-eval/tasks/" + id, HttpRequest.BodyPublishers.noBody());
  }

  private JsonNode send(String method, String path, HttpRequest.BodyPublisher body)
      throws IOException, InterruptedException {
    URI uri = base.resolve(path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, body)
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new IOException(
          "cannot reach the service at " + base + ": is ./tokenload server running there?", e);
    }
    JsonNode answer;
    try {
      answer = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IOException(
          method + " " + uri + " answered " + response.statusCode() + " without JSON", e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new Refused(
          response.statusCode(), answer.path("error").asText("HTTP " + response.statusCode()));
    }
    return answer;
  }
}
