package io.tokenload.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each protocol refuses a bad request with its own server's status and error shape. */
class ProtocolErrorsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void ollamaUnknownModelIsA404WithAnErrorString() throws Exception {
    HttpResponse<String> response =
        post(
            "/api/chat",
            "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    assertEquals(404, response.statusCode());
    JsonNode error = JSON.readTree(response.body()).get("error");
    assertTrue(error.isTextual() && error.textValue().contains("llama3"), response.body());
  }

  @Test
  void tgiValidationErrorIsA422OfTypeValidation() throws Exception {
    HttpResponse<String> response =
        post("/generate", "{\"inputs\":\"a\",\"parameters\":{\"max_new_tokens\":0}}");
    assertEquals(422, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("validation", body.get("error_type").textValue());
    assertTrue(body.get("error").textValue().contains("max_tokens is 0"), response.body());
  }

  @Test
  void anthropicWithoutMaxTokensIsAnInvalidRequestError() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/messages",
            "{\"model\":\"tokenload-sim\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    assertEquals(400, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("error", body.get("type").textValue());
    assertEquals("invalid_request_error", body.at("/error/type").textValue());
    assertTrue(body.at("/error/message").textValue().contains("max_tokens"));
  }

  @Test
  void geminiStreamWithoutAltSseIsRefusedNamingIt() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1beta/models/tokenload-sim:streamGenerateContent",
            "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}]}");
    assertEquals(400, response.statusCode());
    JsonNode body = JSON.readTree(response.body());
    assertEquals("INVALID_ARGUMENT", body.at("/error/status").textValue());
    assertEquals(400, body.at("/error/code").intValue());
    assertTrue(body.at("/error/message").textValue().contains("alt=sse"));
  }

  @Test
  void geminiOtherModelIsNotFound() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1beta/models/gemini-1.5-flash:generateContent",
            "{\"contents\":[{\"parts\":[{\"text\":\"a\"}]}]}");
    assertEquals(404, response.statusCode());
    assertEquals("NOT_FOUND", JSON.readTree(response.body()).at("/error/status").textValue());
  }

  @Test
  void injectedRateLimitTakesTheProtocolsShape() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve("/v1/messages"))
            .header("X-Tokenload-Fault", "rate-limit;retry-after=3")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(429, response.statusCode());
    assertEquals("3", response.headers().firstValue("retry-after").orElseThrow());
    assertEquals("rate_limit_error", JSON.readTree(response.body()).at("/error/type").textValue());
  }

  @Test
  void geminisOpenAiCompatiblePathIsOpenAiChat() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1beta/openai/chat/completions",
            "{\"model\":\"tokenload-sim\",\"max_tokens\":2,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"a\"}]}");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("chat.completion", JSON.readTree(response.body()).get("object").textValue());
  }

  @Test
  void ollamaVersionAndTagsAnswerAsOllamas() throws Exception {
    JsonNode version = JSON.readTree(get("/api/version").body());
    assertEquals(OllamaProtocol.VERSION, version.get("version").textValue());
    JsonNode tags = JSON.readTree(get("/api/tags").body());
    assertEquals("tokenload-sim", tags.at("/models/0/name").textValue());
    assertEquals("gguf", tags.at("/models/0/details/format").textValue());
  }

  @Test
  void aNativeStreamHonoursTheSharedTiming() throws Exception {
    TargetSettings timed =
        TargetSettings.defaults()
            .withTimeToFirstToken(Duration.ofMillis(150))
            .withInterTokenLatency(Duration.ofMillis(0));
    try (TargetServer slow = TargetServer.start(timed)) {
      HttpRequest request =
          HttpRequest.newBuilder(slow.baseUri().resolve("/api/generate"))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"model\":\"tokenload-sim\",\"prompt\":\"a\",\"stream\":false}"))
              .build();
      long start = System.nanoTime();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, response.statusCode());
      assertTrue(elapsedMillis >= 150, "answered after " + elapsedMillis + " ms, before its TTFT");
    }
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(server.baseUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
