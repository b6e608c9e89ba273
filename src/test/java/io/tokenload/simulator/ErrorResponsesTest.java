package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static io.tokenload.simulator.SimClient.json;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every refusal is OpenAI's error object, with a status that says whose fault and what field. */
class ErrorResponsesTest {

  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults().withMaxContextTokens(64));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Bad requests: endpoint, body, expected status, param and a phrase of the message. */
  enum BadRequest {
    MISSING_MESSAGES(
        "/v1/chat/completions",
        "{\"model\":\"tokenload-sim\"}",
        400,
        "messages",
        "messages is missing"),
    MESSAGES_NOT_ARRAY(
        "/v1/chat/completions", "{\"messages\":\"hi\"}", 400, "messages", "the string \"hi\""),
    ROLE_MISSING(
        "/v1/chat/completions",
        "{\"messages\":[{\"content\":\"hi\"}]}",
        400,
        "messages[0].role",
        "messages[0].role is missing"),
    IMAGE_PART(
        "/v1/chat/completions",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
        400,
        "messages[0].content[0].type",
        "\"image_url\""),
    MISSING_PROMPT("/v1/completions", "{\"max_tokens\":3}", 400, "prompt", "prompt is missing"),
    PROMPT_OBJECT("/v1/completions", "{\"prompt\":{}}", 400, "prompt", "an object"),
    MAX_TOKENS_STRING(
        "/v1/completions",
        "{\"prompt\":\"a\",\"max_tokens\":\"10\"}",
        400,
        "max_tokens",
        "expected an integer"),
    STREAM_NOT_BOOLEAN(
        "/v1/completions",
        "{\"prompt\":\"a\",\"stream\":1}",
        400,
        "stream",
        "expected true or false"),
    MAX_TOKENS_ZERO(
        "/v1/completions",
        "{\"prompt\":\"a\",\"max_tokens\":0}",
        400,
        "max_tokens",
        "max_tokens is 0; it must be at least 1"),
    MAX_COMPLETION_TOKENS_NEGATIVE(
        "/v1/chat/completions",
        chat("a", "\"max_completion_tokens\":-5"),
        400,
        "max_completion_tokens",
        "max_completion_tokens is -5"),
    MAX_TOKENS_BEYOND_CONTEXT(
        "/v1/completions",
        "{\"prompt\":\"a b\",\"max_tokens\":63}",
        400,
        "max_tokens",
        "between 1 and 62"),
    PROMPT_BEYOND_CONTEXT(
        "/v1/completions",
        "{\"prompt\":\"" + "w ".repeat(64) + "\"}",
        400,
        "prompt",
        "at most 63 tokens"),
    MIN_TOKENS_ABOVE_MAX(
        "/v1/completions",
        "{\"prompt\":\"a\",\"max_tokens\":5,\"min_tokens\":6}",
        400,
        "min_tokens",
        "min_tokens is 6, more than max_tokens (5)"),
    NEGATIVE_TEMPERATURE(
        "/v1/completions",
        "{\"prompt\":\"a\",\"temperature\":-0.5}",
        400,
        "temperature",
        "temperature is -0.5; it must be at least 0"),
    SEVERAL_CHOICES("/v1/completions", "{\"prompt\":\"a\",\"n\":2}", 400, "n", "n must be 1"),
    STREAMED_BATCH(
        "/v1/completions",
        "{\"prompt\":[\"a\",\"b\"],\"stream\":true}",
        400,
        "prompt",
        "prompt holds 2 prompts and stream is true"),
    STREAM_OPTIONS_WITHOUT_STREAM(
        "/v1/completions",
        "{\"prompt\":\"a\",\"stream_options\":{\"include_usage\":true}}",
        400,
        "stream_options",
        "only allowed when stream is true");

    final String path;
    final String body;
    final int status;
    final String param;
    final String phrase;

    BadRequest(String path, String body, int status, String param, String phrase) {
      this.path = path;
      this.body = body;
      this.status = status;
      this.param = param;
      this.phrase = phrase;
    }
  }

  @ParameterizedTest
  @EnumSource(BadRequest.class)
  void badFieldsAreRefusedWithTheirName(BadRequest bad) throws Exception {
    HttpResponse<String> response = post(server, bad.path, bad.body);

    JsonNode error = errorOf(response, bad.status);
    assertEquals(bad.param, error.get("param").asText());
    assertEquals("invalid_request_error", error.get("type").asText());
    String message = error.get("message").asText();
    assertTrue(message.contains(bad.phrase), "'" + message + "' should contain: " + bad.phrase);
  }

  @Test
  void malformedJsonIs400() throws Exception {
    JsonNode error = errorOf(post(server, "/v1/chat/completions", "{\"messages\": [}"), 400);
    assertEquals("invalid_request_error", error.get("type").asText());
    assertEquals("invalid_json", error.get("code").asText());
    assertTrue(error.get("param").isNull());
    assertTrue(error.get("message").asText().contains("line 1, column"), error.toString());

    assertEquals(
        "invalid_json", errorOf(post(server, "/v1/completions", ""), 400).get("code").asText());
    assertEquals(
        "invalid_type", errorOf(post(server, "/v1/completions", "[1]"), 400).get("code").asText());
  }

  @Test
  void unknownModelIs404() throws Exception {
    JsonNode error =
        errorOf(
            post(
                server,
                "/v1/chat/completions",
                "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"),
            404);
    assertEquals("not_found_error", error.get("type").asText());
    assertEquals("model", error.get("param").asText());
    assertEquals("model_not_found", error.get("code").asText());
    String message = error.get("message").asText();
    assertTrue(message.contains("gpt-4") && message.contains("tokenload-sim"), message);
  }

  @Test
  void unknownPathIs404() throws Exception {
    JsonNode error = errorOf(post(server, "/v1/rerank", "{}"), 404);
    assertEquals("not_found_error", error.get("type").asText());
    assertTrue(error.get("message").asText().contains("POST /v1/rerank"), error.toString());
    assertEquals(404, SimClient.get(server, "/v2/models").statusCode());
  }

  @Test
  void wrongMethodIs405WithAllowHeader() throws Exception {
    HttpResponse<String> get = SimClient.get(server, "/v1/chat/completions");
    assertEquals("method_not_allowed", errorOf(get, 405).get("code").asText());
    assertEquals("POST", get.headers().firstValue("Allow").orElse(""));

    HttpResponse<String> post = post(server, "/healthz", "{}");
    errorOf(post, 405);
    assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
  }

  @Test
  void maxTokensOutOfRangeIs400WithFieldName() throws Exception {
    JsonNode zero =
        errorOf(post(server, "/v1/completions", "{\"prompt\":\"a\",\"max_tokens\":0}"), 400);
    assertEquals("max_tokens", zero.get("param").asText());
    assertEquals("integer_below_min_value", zero.get("code").asText());

    JsonNode huge =
        errorOf(
            post(
                server,
                "/v1/completions",
                "{\"prompt\":\"a\",\"max_tokens\":100000000000000000000000}"),
            400);
    assertEquals("max_tokens", huge.get("param").asText());
    assertEquals("context_length_exceeded", huge.get("code").asText());
    assertTrue(huge.get("message").asText().contains("64-token context"), huge.toString());
  }

  @Test
  void oversizedBodyIs413AndClosesTheConnection() throws Exception {
    try (Socket socket = RawHttp.connect(server)) {
      RawHttp.send(
          socket,
          "POST /v1/completions HTTP/1.1\r\nHost: x\r\n"
              + "Content-Type: application/json\r\nContent-Length: "
              + (ServerInitializer.MAX_BODY_BYTES + 1)
              + "\r\n\r\n{");
      InputStream in = socket.getInputStream();
      RawHttp.Response response = RawHttp.read(in);

      assertEquals(413, response.status());
      assertEquals("request_too_large", json(response.body()).get("error").get("code").asText());
      assertEquals(-1, in.read(), "the server closes rather than read the rest");
    }
  }

  /** The error object of a response, after checking its status and OpenAI's four fields. */
  private static JsonNode errorOf(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode error = json(response.body()).get("error");
    for (String field : new String[] {"type", "message", "param", "code"}) {
      assertTrue(error.has(field), "error has " + field + ": " + error);
    }
    return error;
  }
}
