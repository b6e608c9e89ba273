package io.tokenload.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway in front of a second embedded target that plays the remote vLLM and Ollama servers,
 * over real sockets: requests are routed by {@code framework}, streamed through and translated.
 */
class GatewayTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static TargetServer remote;
  private static RemoteGateway gateway;
  private static TargetServer server;
  private static URI closedPort;

  @BeforeAll
  static void start() throws Exception {
    remote = TargetServer.start(TargetSettings.defaults().withModel("remote-7b"));
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }
    gateway =
        RemoteGateway.of(
            Map.of("vllm", remote.baseUri(), "ollama", remote.baseUri(), "tgi", closedPort));
    server =
        TargetServer.start(TargetSettings.defaults().withModel("local-1b").withGateway(gateway));
  }

  @AfterAll
  static void stop() {
    server.close();
    gateway.close();
    remote.close();
  }

  @Test
  void vllmFrameworkStreamsTheRemotesAnswerThrough() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"vllm\",\"model\":\"remote-7b\",\"stream\":true,\"max_tokens\":4,"
                + "\"ignore_eos\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response
            .headers()
            .firstValue("content-type")
            .orElseThrow()
            .startsWith("text/event-stream"));
    List<JsonNode> events = events(response.body());
    assertEquals("remote-7b", events.get(0).get("model").textValue());
    assertEquals(4, content(events).trim().split(" ").length);
  }

  @Test
  void ollamaFrameworkIsTranslatedBothWays() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"ollama\",\"model\":\"remote-7b\",\"stream\":true,\"max_tokens\":5,"
                + "\"ignore_eos\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    List<JsonNode> events = events(response.body());
    assertEquals("chat.completion.chunk", events.get(0).get("object").textValue());
    assertEquals("assistant", events.get(0).at("/choices/0/delta/role").textValue());
    assertEquals(5, content(events).trim().split(" ").length);
    JsonNode usage = events.get(events.size() - 1).get("usage");
    assertEquals(5, usage.get("completion_tokens").intValue());
    assertEquals(
        "length", events.get(events.size() - 2).at("/choices/0/finish_reason").textValue());
  }

  @Test
  void ollamaCompletionNotStreamedIsOneTextCompletion() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/completions",
            "{\"framework\":\"ollama\",\"model\":\"remote-7b\",\"prompt\":\"once\",\"max_tokens\":3,"
                + "\"ignore_eos\":true}");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("text_completion", body.get("object").textValue());
    assertEquals(3, body.at("/usage/completion_tokens").intValue());
  }

  @Test
  void localFrameworkIsAnsweredHere() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/completions",
            "{\"framework\":\"transformers\",\"model\":\"local-1b\",\"prompt\":\"a\",\"max_tokens\":2}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("local-1b", JSON.readTree(response.body()).get("model").textValue());
  }

  @Test
  void localFrameworkWithAnotherModelIsCapabilityNotSupported() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"transformers\",\"model\":\"facebook/opt-125m\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    assertEquals(422, response.statusCode());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals("CapabilityNotSupported", error.get("type").textValue());
    assertTrue(error.get("message").textValue().contains("facebook/opt-125m"));
  }

  @Test
  void unconfiguredRemoteIsARemoteEndpointError() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"sglang\",\"model\":\"placeholder\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(400, response.statusCode());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals("RemoteEndpointError", error.get("type").textValue());
    assertTrue(error.get("message").textValue().contains("ILLM_SGLANG_BASE_URL"));
  }

  @Test
  void unreachableRemoteIsARemoteEndpointError() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"tgi\",\"model\":\"placeholder\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(400, response.statusCode(), response.body());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertEquals("RemoteEndpointError", error.get("type").textValue());
    assertTrue(error.get("message").textValue().contains("cannot be reached"));
  }

  @Test
  void unknownFrameworkIsCapabilityNotSupported() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/chat/completions",
            "{\"framework\":\"llamafile\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    assertEquals(400, response.statusCode());
    assertEquals(
        "CapabilityNotSupported", JSON.readTree(response.body()).at("/error/type").textValue());
  }

  @Test
  void embeddingsHonourEmbeddingModelAndNameTheReplica() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/embeddings",
            "{\"framework\":\"transformers\",\"embedding_model\":\"sshleifer/tiny-distilbert-base-cased\","
                + "\"input\":[\"hello\",\"world\"]}");
    assertEquals(200, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("sshleifer/tiny-distilbert-base-cased", body.get("model").textValue());
    assertEquals("default", body.get("model_replica").textValue());
    assertEquals(2, body.get("data").size());
  }

  @Test
  void healthNamesTheFrameworkProvidersAndRemotes() throws Exception {
    JsonNode health =
        JSON.readTree(
            CLIENT
                .send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    assertEquals("tokenload-sim", health.get("framework").textValue());
    List<String> providers = new ArrayList<>();
    health.get("providers").forEach(p -> providers.add(p.textValue()));
    assertTrue(providers.containsAll(List.of("transformers", "ollama", "vllm", "sglang", "tgi")));
    assertEquals(
        remote.baseUri().toString().replaceAll("/$", ""), health.at("/remotes/vllm").textValue());
  }

  @Test
  void aBaseUrlThatIsNotAUrlIsRefusedNamingTheVariable() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                RemoteGateway.fromEnv(
                    name -> name.equals("ILLM_VLLM_BASE_URL") ? "localhost:8000" : null));
    assertTrue(e.getMessage().startsWith("ILLM_VLLM_BASE_URL is 'localhost:8000'"), e.getMessage());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** The JSON events of an OpenAI stream, checking it ends with [DONE]. */
  private static List<JsonNode> events(String body) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    String[] parts = body.split("\n\n");
    assertEquals("data: [DONE]", parts[parts.length - 1]);
    for (int i = 0; i < parts.length - 1; i++) {
      events.add(JSON.readTree(parts[i].substring("data: ".length())));
    }
    return events;
  }

  private static String content(List<JsonNode> events) {
    StringBuilder text = new StringBuilder();
    for (JsonNode event : events) {
      text.append(event.at("/choices/0/delta/content").asText(""));
    }
    return text.toString();
  }
}
