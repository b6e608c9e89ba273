package io.tokenload.service.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.service.Service;
import io.tokenload.service.TestService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API over real HTTP, on a service with its own database file: the token on every route, one
 * test per malformed body or parameter (each answer names the field and what is allowed), and the
 * OpenAPI document held to the routes the server registers. No task runs here.
 */
class ServiceApiTest {

  static final String TOKEN = "api-test-token";
  static final String CREATE = "/api/performance-eval/batch-tasks/from-script";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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

  record Answer(int status, String error) {}

  static Answer send(String method, String path, String body, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String error =
        r.body().startsWith("{") ? JSON.readTree(r.body()).path("error").asText() : r.body();
    return new Answer(r.statusCode(), error);
  }

  static Answer create(String body) throws IOException, InterruptedException {
    return send("POST", CREATE, body, TOKEN);
  }

  @Test
  void everyApiRouteRefusesARequestWithoutTheToken() throws Exception {
    for (Route r : Route.ALL) {
      String path = r.path().replace("{id}", "1");
      Answer a = send(r.method(), path, r.method().equals("POST") ? "{}" : null, null);
      assertEquals(401, a.status(), r + " answered " + a);
    }
  }

  @Test
  void aWrongTokenIsRefusedWithoutEchoingIt() throws Exception {
    Answer a = send("GET", "/api/models", null, "not-the-token");
    assertEquals(401, a.status());
    assertTrue(!a.error().contains("not-the-token") && !a.error().contains(TOKEN), a.error());
  }

  @Test
  void modelsListsTheRegistryWithKeyVariableNamesOnly() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/api/models"))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode models = JSON.readTree(r.body()).path("models");
    assertEquals("embedded", models.get(0).path("backend").asText());
    assertEquals("OPENAI_API_KEY", models.get(2).path("api_key_env").asText());
  }

  @Test
  void anUnknownFieldIsRefusedNamingIt() throws Exception {
    Answer a = create("{\"model_id\": 1, \"num_prompt_list\": [1]}");
    assertEquals(400, a.status());
    assertTrue(a.error().contains("num_prompt_list is not a known field; allowed:"), a.error());
  }

  @Test
  void aMissingModelIdIsRefusedWithTheIds() throws Exception {
    Answer a =
        create(
            "{\"num_prompts_list\": [1], \"max_concurrency_list\": [1], \"input_output_pairs\": [[8, 8]]}");
    assertEquals(400, a.status());
    assertEquals(
        "request body: model_id is missing; allowed: one of the registry's ids: 1, 2, 3",
        a.error());
  }

  @Test
  void anUnknownModelIdIsRefusedWithTheRegistrysIds() throws Exception {
    Answer a = create(body("7", "[1]", "[1]", "[[8, 8]]"));
    assertEquals(400, a.status());
    assertTrue(a.error().contains("model_id was 7; allowed: one of the ids of"), a.error());
  }

  @Test
  void aDatasetOtherThanTheSyntheticPromptsIsRefused() throws Exception {
    Answer a =
        create(
            "{\"model_id\": 1, \"dataset_id\": 3, \"num_prompts_list\": [1], \"max_concurrency_list\": [1], \"input_output_pairs\": [[8, 8]]}");
    assertEquals(400, a.status());
    assertTrue(a.error().contains("dataset_id was 3; allowed: -1"), a.error());
  }

  @Test
  void moreRequestCountsThanLevelsSaysHowToFixIt() throws Exception {
    Answer a = create(body("1", "[8, 16, 32]", "[1, 2]", "[[8, 8]]"));
    assertEquals(400, a.status());
    assertTrue(
        a.error().contains("remove the last 1 count(s) or add 1 concurrency level(s)"), a.error());
  }

  @Test
  void aPairThatIsNotTwoNumbersIsRefused() throws Exception {
    Answer a = create(body("1", "[1]", "[1]", "[[8, 8, 8]]"));
    assertEquals(400, a.status());
    assertTrue(a.error().contains("input_output_pairs[0] was [8,8,8]; allowed: a pair"), a.error());
  }

  @Test
  void aConcurrencyBelowOneIsRefused() throws Exception {
    Answer a = create(body("1", "[1]", "[0]", "[[8, 8]]"));
    assertEquals(400, a.status());
    assertTrue(
        a.error().contains("max_concurrency_list[0] was 0; allowed: a whole number from 1"),
        a.error());
  }

  @Test
  void aBodyThatIsNotJsonSaysWhere() throws Exception {
    Answer a = create("{\"model_id\": 1,\n oops}");
    assertEquals(400, a.status());
    assertTrue(a.error().startsWith("request body: not valid JSON at line 2"), a.error());
  }

  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    Answer a = create("{\"name\": \"" + "x".repeat(ApiServer.MAX_BODY_BYTES) + "\"}");
    assertEquals(413, a.status(), a.error());
  }

  @Test
  void aBadPageSizeIsRefusedNamingTheParameter() throws Exception {
    Answer a = send("GET", "/api/performance-eval/tasks?per_page=1000", null, TOKEN);
    assertEquals(400, a.status());
    assertEquals("per_page was '1000'; allowed: a whole number from 1 to 100", a.error());
  }

  @Test
  void anUnknownTaskIs404AndANonNumericIdIs400() throws Exception {
    assertEquals(404, send("GET", "/api/performance-eval/tasks/999999", null, TOKEN).status());
    Answer a = send("GET", "/api/performance-eval/tasks/abc", null, TOKEN);
    assertEquals(400, a.status());
    assertTrue(a.error().startsWith("id was 'abc'"), a.error());
  }

  @Test
  void theOpenApiDocumentListsExactlyTheServedRoutes() throws Exception {
    JsonNode doc;
    try (InputStream in = ApiServer.class.getResourceAsStream(ApiServer.OPENAPI)) {
      doc = JSON.readTree(in);
    }
    Set<String> documented = new HashSet<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> p = paths.next();
      p.getValue()
          .fieldNames()
          .forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p.getKey()));
    }
    Set<String> served = new HashSet<>();
    Route.ALL.forEach(r -> served.add(r.method() + " " + r.path()));
    assertEquals(served, documented);
    assertEquals(200, send("GET", "/api/openapi.json", null, TOKEN).status());
  }

  static String body(String model, String counts, String levels, String pairs) {
    return "{\"model_id\": "
        + model
        + ", \"num_prompts_list\": "
        + counts
        + ", \"max_concurrency_list\": "
        + levels
        + ", \"input_output_pairs\": "
        + pairs
        + "}";
  }
}
