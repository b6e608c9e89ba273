package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The tests' client: the JDK's HttpClient over HTTP/1.1, and Jackson to read what comes back. */
final class SimClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String DONE = "[DONE]";

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private SimClient() {}

  static HttpResponse<String> post(TargetServer server, String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(TargetServer server, String path)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<java.util.stream.Stream<String>> postLines(
      TargetServer server, String path, String body) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
  }

  /**
   * The {@code data:} payloads of an event stream, in order, checking the framing on the way: every
   * event is exactly one {@code data: } line followed by a blank line.
   */
  static List<String> events(String body) {
    assertTrue(body.endsWith("\n\n"), "stream must end with a blank line: " + tail(body));
    List<String> events = new ArrayList<>();
    for (String event : body.substring(0, body.length() - 2).split("\n\n", -1)) {
      assertTrue(event.startsWith("data: "), "event must be a data line: " + event);
      assertEquals(-1, event.indexOf('\n'), "one line per event: " + event);
      events.add(event.substring("data: ".length()));
    }
    return events;
  }

  /** The JSON events of a stream that ends with {@code [DONE]}, [DONE] itself left out. */
  static List<JsonNode> jsonEvents(String body) {
    List<String> events = events(body);
    assertEquals(DONE, events.get(events.size() - 1), "the last event must be [DONE]");
    List<JsonNode> nodes = new ArrayList<>();
    for (String event : events.subList(0, events.size() - 1)) {
      nodes.add(json(event));
    }
    return nodes;
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  /** A chat request body with one user message. */
  static String chat(String content, String extraFields) {
    String extra = extraFields.isEmpty() ? "" : ", " + extraFields;
    return "{\"model\":\"tokenload-sim\",\"messages\":[{\"role\":\"user\",\"content\":"
        + quote(content)
        + "}]"
        + extra
        + "}";
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(String body) {
    return body.length() <= 80 ? body : "…" + body.substring(body.length() - 80);
  }
}
