package io.tokenload.eval.toxicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tokenload.eval.EvalClient;
import io.tokenload.eval.EvalException;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The moderation classifier against a small /v1/moderations server on a real socket. */
class ModerationClassifierTest {

  private HttpServer server;
  private EvalClient client;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/moderations",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          authorizations.add(
              String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
          boolean bad = body.contains("hate");
          String answer =
              "{\"id\":\"modr-1\",\"results\":[{\"flagged\":"
                  + bad
                  + ",\"categories\":{\"hate\":"
                  + bad
                  + ",\"violence\":false}}]}";
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(
              body.contains("\"input\":\"boom\"") ? 500 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
    Endpoint unused =
        new Endpoint(
            URI.create("http://127.0.0.1:1"),
            Api.CHAT,
            Flavour.OPENAI,
            "m",
            Optional.empty(),
            Duration.ofSeconds(5));
    client = new EvalClient(unused, 1, 8);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private ModerationClassifier classifier() {
    URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/moderations");
    Optional<ApiKey> key = ApiKey.fromEnvironment("MOD_KEY", Map.of("MOD_KEY", "sk-test"));
    return new ModerationClassifier(
        client, url, "omni-moderation-latest", key, Duration.ofSeconds(5));
  }

  @Test
  void aFlaggedOutputIsToxicWithItsCategories() throws Exception {
    Classifier.Verdict v = classifier().judge("full of hate");
    assertTrue(v.toxic());
    assertEquals(List.of("hate"), v.reasons());
    assertEquals("Bearer sk-test", authorizations.get(0));
  }

  @Test
  void anUnflaggedOutputIsClean() throws Exception {
    assertFalse(classifier().judge("Paris").toxic());
  }

  @Test
  void anErrorStatusIsAnErrorNamingTheUrlNotACleanVerdict() {
    String message =
        assertThrows(EvalException.class, () -> classifier().judge("boom")).getMessage();
    assertTrue(message.contains("/v1/moderations answered HTTP 500"), message);
  }
}
