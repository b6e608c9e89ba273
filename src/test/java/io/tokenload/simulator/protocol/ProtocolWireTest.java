package io.tokenload.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every protocol's answer, streamed and whole, over a real socket, compared byte for byte with a
 * golden sample in {@code src/test/resources/io/tokenload/simulator/protocol/}. The samples were
 * checked by hand against each project's documented examples (see docs/target.md); clock values
 * ({@code created}, {@code created_at}, Ollama's durations) are masked before comparing.
 *
 * <p>Run with {@code -Dtokenload.golden.update=true} to rewrite the samples after a deliberate
 * change, then read the diff.
 */
class ProtocolWireTest {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static TargetServer server;

  enum Case {
    OLLAMA_CHAT_STREAM(
        "/api/chat",
        "{\"model\":\"tokenload-sim\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky"
            + " blue\"}],\"options\":{\"num_predict\":3},\"ignore_eos\":true}"),
    OLLAMA_CHAT(
        "/api/chat",
        "{\"model\":\"tokenload-sim\",\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky"
            + " blue\"}],\"stream\":false,\"options\":{\"num_predict\":3},\"ignore_eos\":true}"),
    OLLAMA_GENERATE_STREAM(
        "/api/generate",
        "{\"model\":\"tokenload-sim\",\"prompt\":\"why is the sky blue\","
            + "\"options\":{\"num_predict\":3},\"ignore_eos\":true}"),
    TGI_STREAM(
        "/generate_stream",
        "{\"inputs\":\"What is deep learning\",\"parameters\":{\"max_new_tokens\":3},"
            + "\"ignore_eos\":true}"),
    TGI(
        "/generate",
        "{\"inputs\":\"What is deep learning\",\"parameters\":{\"max_new_tokens\":3,"
            + "\"details\":true},\"ignore_eos\":true}"),
    SGLANG_STREAM(
        "/generate",
        "{\"text\":\"The capital of France is\",\"sampling_params\":{\"max_new_tokens\":3,"
            + "\"ignore_eos\":true},\"stream\":true}"),
    SGLANG(
        "/generate",
        "{\"text\":\"The capital of France is\",\"sampling_params\":{\"max_new_tokens\":3,"
            + "\"ignore_eos\":true}}"),
    TRITON_STREAM(
        "/v2/models/tokenload-sim/generate_stream",
        "{\"text_input\":\"What is Triton\",\"parameters\":{\"stream\":true,\"max_tokens\":3,"
            + "\"ignore_eos\":true}}"),
    TRITON(
        "/v2/models/tokenload-sim/versions/1/generate",
        "{\"text_input\":\"What is Triton\",\"max_tokens\":3,\"ignore_eos\":true}"),
    ANTHROPIC_STREAM(
        "/v1/messages",
        "{\"model\":\"tokenload-sim\",\"max_tokens\":3,\"stream\":true,\"system\":\"Be brief.\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello, Claude\"}],"
            + "\"ignore_eos\":true}"),
    ANTHROPIC(
        "/v1/messages",
        "{\"model\":\"tokenload-sim\",\"max_tokens\":3,\"messages\":[{\"role\":\"user\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"Hello, Claude\"}]}],\"ignore_eos\":true}"),
    GEMINI_STREAM(
        "/v1beta/models/tokenload-sim:streamGenerateContent?alt=sse",
        "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Write a story\"}]}],"
            + "\"generationConfig\":{\"maxOutputTokens\":3},\"ignore_eos\":true}"),
    GEMINI(
        "/v1beta/models/tokenload-sim:generateContent",
        "{\"contents\":[{\"parts\":[{\"text\":\"Write a story\"}]}],"
            + "\"generationConfig\":{\"maxOutputTokens\":3},\"ignore_eos\":true}"),
    RESPONSES_STREAM(
        "/v1/responses",
        "{\"model\":\"tokenload-sim\",\"input\":\"Say hello\",\"max_output_tokens\":3,"
            + "\"stream\":true}"),
    RESPONSES(
        "/v1/responses",
        "{\"model\":\"tokenload-sim\",\"instructions\":\"Be brief.\",\"input\":[{\"role\":"
            + "\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"Say hello\"}]}],"
            + "\"max_output_tokens\":3,\"ignore_eos\":true}");

    final String path;
    final String body;

    Case(String path, String body) {
      this.path = path;
      this.body = body;
    }

    String sample() {
      return name().toLowerCase(java.util.Locale.ROOT) + ".txt";
    }
  }

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void answersAsTheRealServerDoes(Case c) throws Exception {
    HttpResponse<String> response = post(c.path, c.body);
    String actual =
        "HTTP "
            + response.statusCode()
            + "\nContent-Type: "
            + response.headers().firstValue("content-type").orElse("")
            + "\n\n"
            + mask(response.body());
    if (Boolean.getBoolean("tokenload.golden.update")) {
      Path file = Path.of("src/test/resources/io/tokenload/simulator/protocol").resolve(c.sample());
      Files.writeString(file, actual);
    }
    assertEquals(golden(c.sample()), actual);
  }

  static HttpResponse<String> post(String path, String body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", "r1")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static TargetServer server() {
    return server;
  }

  /** Clock values differ from run to run: numbers become 0, timestamps a fixed instant. */
  static String mask(String body) {
    return body.replaceAll(
            "\"(created|created_at|total_duration|prompt_eval_duration|eval_duration)\":\\d+",
            "\"$1\":0")
        .replaceAll("\"(created_at|modified_at)\":\"[^\"]*\"", "\"$1\":\"2025-01-01T00:00:00Z\"");
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = ProtocolWireTest.class.getResourceAsStream(name)) {
      assertNotNull(in, "no golden sample " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
