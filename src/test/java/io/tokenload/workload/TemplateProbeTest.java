package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.TestEndpoints;
import io.tokenload.testing.TestTokenizers;
import io.tokenload.tokenizer.WordTokenizer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Measuring a server's chat-template overhead over a real socket, and compensating it. */
class TemplateProbeTest {

  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults()); // 4 tokens per message + 3
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Endpoint endpoint(Api api, String model) {
    return new Endpoint(
        server.baseUri(), api, Flavour.VLLM, model, Optional.empty(), Duration.ofSeconds(10));
  }

  @Test
  void measuresTheEmbeddedTargetsChatTemplateAsSevenTokens() throws Exception {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.CHAT, "tokenload-sim"));
    assertEquals(7, probe.overheadTokens(WordTokenizer.instance()));
  }

  /** Each protocol's probe is written and read by its backend; raw prompts get no template. */
  @ParameterizedTest
  @CsvSource({
    "anthropic, 7",
    "gemini, 7",
    "ollama, 7",
    "openai-responses, 7",
    "ollama-generate, 0",
    "sglang, 0"
  })
  void measuresTheTemplateInEveryProtocol(String backend, int overhead) throws Exception {
    Endpoint endpoint = TestEndpoints.of(server.baseUri(), backend, Map.of(), Map.of());
    assertEquals(overhead, TemplateProbe.of(endpoint).overheadTokens(WordTokenizer.instance()));
  }

  @Test
  void measuresNoOverheadOnTheCompletionsApi() throws Exception {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.COMPLETIONS, "tokenload-sim"));
    assertEquals(0, probe.overheadTokens(WordTokenizer.instance()));
  }

  @Test
  void measuresAnotherTemplateSize() throws Exception {
    try (TargetServer other =
        TargetServer.start(TargetSettings.defaults().withChatTemplateOverhead(9, 5))) {
      TemplateProbe probe =
          TemplateProbe.of(
              new Endpoint(
                  other.baseUri().resolve("/v1/chat/completions"),
                  Api.CHAT,
                  Flavour.VLLM,
                  "tokenload-sim",
                  ApiKey.fromEnvironment("TEST_KEY", Map.of("TEST_KEY", "test-key")),
                  Duration.ofSeconds(10)));
      assertEquals(14, probe.overheadTokens(WordTokenizer.instance()));
    }
  }

  @Test
  void compensatedPromptsGiveExactlyTheAskedPromptTokens() throws Exception {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.CHAT, "tokenload-sim"));
    int overhead = probe.overheadTokens(WordTokenizer.instance());
    PromptLengths lengths =
        PromptLengths.exactly(1024)
            .withRangeRatio(0.25)
            .withSharedPrefix(100)
            .withTemplateOverhead(overhead);
    SyntheticPrompts prompts = new SyntheticPrompts(WordTokenizer.instance(), lengths, 17);
    for (long index = 0; index < 12; index++) {
      Prompt p = prompts.prompt(index);
      assertEquals(p.promptTokensAsked(), probe.promptTokens(p.text()), "prompt " + index);
    }
  }

  @Test
  void uncompensatedPromptsAreOffByTheTemplate() throws Exception {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.CHAT, "tokenload-sim"));
    Prompt p = SyntheticPrompts.words(128, 3).prompt(0);
    assertEquals(135, probe.promptTokens(p.text()));
  }

  @Test
  void aTokenizerThatIsNotTheServersIsCaught() {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.CHAT, "tokenload-sim"));
    var e =
        assertThrows(
            IllegalStateException.class, () -> probe.overheadTokens(TestTokenizers.qwen3()));
    assertTrue(e.getMessage().contains("it is not the server's tokenizer"), e.getMessage());
    assertTrue(e.getMessage().contains("for a 16-token prompt"), e.getMessage());
  }

  @Test
  void aServerErrorIsNamedWithItsStatus() {
    TemplateProbe probe = TemplateProbe.of(endpoint(Api.CHAT, "no-such-model"));
    var e = assertThrows(IOException.class, () -> probe.overheadTokens(WordTokenizer.instance()));
    assertTrue(
        e.getMessage().startsWith("template probe: POST " + server.baseUri()), e.getMessage());
    assertTrue(e.getMessage().contains("answered HTTP 404"), e.getMessage());
  }

  @Test
  void aServerSheddingLoadAtTheStartIsAskedAgainAsItsRetryAfterSays() throws Exception {
    // Two 429s with Retry-After: 0, then everything passes through to the embedded target.
    AtomicInteger refusals = new AtomicInteger(2);
    HttpClient relay = HttpClient.newHttpClient();
    HttpServer shedding = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    shedding.createContext(
        "/",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          if (refusals.getAndDecrement() > 0) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            exchange.sendResponseHeaders(429, -1);
            exchange.close();
            return;
          }
          try {
            HttpResponse<byte[]> answer =
                relay.send(
                    HttpRequest.newBuilder(
                            server.baseUri().resolve(exchange.getRequestURI().getPath()))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length);
            exchange.getResponseBody().write(answer.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    shedding.start();
    try {
      Endpoint behind =
          new Endpoint(
              URI.create("http://127.0.0.1:" + shedding.getAddress().getPort()),
              Api.CHAT,
              Flavour.VLLM,
              "tokenload-sim",
              Optional.empty(),
              Duration.ofSeconds(10));
      assertEquals(7, TemplateProbe.of(behind).overheadTokens(WordTokenizer.instance()));
      assertTrue(refusals.get() < 0, "both refusals were met, then the probe's requests passed");
    } finally {
      shedding.stop(0);
    }
  }
}
