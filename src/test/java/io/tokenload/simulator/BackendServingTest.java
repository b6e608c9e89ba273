package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.get;
import static io.tokenload.simulator.SimClient.json;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.local.LlamaBackend;
import io.tokenload.local.LlamaSettings;
import io.tokenload.local.LocalBackend;
import io.tokenload.local.LocalRequest;
import io.tokenload.local.SimulatedBackend;
import io.tokenload.local.gguf.TinyModel;
import io.tokenload.transport.StreamListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded server answering with llama.cpp: what only a real model does, and lifecycles. */
class BackendServingTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String COMPLETIONS = "/v1/completions";

  @TempDir static Path dir;
  private static Path modelFile;
  private static LlamaBackend llama;
  private static TargetServer server;

  @BeforeAll
  static void start() throws IOException {
    modelFile = dir.resolve("tiny.gguf");
    TinyModel.write(modelFile, 5);
    llama =
        LlamaBackend.open(
            LlamaSettings.of(modelFile)
                .withSuppressedTokenIds(TinyModel.nonTextTokenIds())
                .withContextTokens(256));
    server = TargetServer.start(TargetSettings.defaults().withBackend(llama));
  }

  @AfterAll
  static void stop() {
    server.close();
    llama.close();
  }

  @Test
  void modelsListsTheModelFilesName() throws Exception {
    JsonNode models = json(get(server, "/v1/models").body());
    assertEquals("tiny", models.get("data").get(0).get("id").asText());

    HttpResponse<String> other =
        post(
            server,
            CHAT,
            "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, other.statusCode());
    assertTrue(other.body().contains("this server serves `tiny`"), other.body());
  }

  @Test
  void chatPromptTokensAreTheModelsTemplateAroundEveryMessage() throws Exception {
    String chat =
        "{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hello\"}]}],"
            + "\"max_tokens\":1}";
    String chatML =
        "<|im_start|>system\\nbe brief<|im_end|>\\n<|im_start|>user\\nhello<|im_end|>\\n"
            + "<|im_start|>assistant\\n";
    String completion = "{\"prompt\":\"" + chatML + "\",\"max_tokens\":1}";

    int chatTokens = promptTokens(post(server, CHAT, chat));
    int completionTokens = promptTokens(post(server, COMPLETIONS, completion));

    assertEquals(completionTokens, chatTokens, "chat is the ChatML prompt, counted by the model");
  }

  @Test
  void refusesAPromptLongerThanTheContextWithTheBackendsError() throws Exception {
    String body = "{\"prompt\":\"" + "x".repeat(300) + "\",\"max_tokens\":4,\"stream\":true}";
    HttpResponse<String> response = post(server, COMPLETIONS, body, "X-Request-Id", "long");

    assertEquals(400, response.statusCode());
    assertEquals("long", response.headers().firstValue("X-Request-Id").orElse(null));
    JsonNode error = json(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertTrue(error.has("param"), error.toString());
    assertTrue(
        error.get("message").asText().startsWith("This model's maximum context length is 256"),
        error.toString());
  }

  @Test
  void refusesWhatOnlyTheSimulatorDoes() throws Exception {
    String chat = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":2}";
    HttpResponse<String> drip = post(server, CHAT, chat, "X-Tokenload-Fault", "drip");
    assertEquals(400, drip.statusCode());
    assertTrue(drip.body().contains("only error, rate-limit and stall"), drip.body());

    HttpResponse<String> error = post(server, CHAT, chat, "X-Tokenload-Fault", "error;status=503");
    assertEquals(503, error.statusCode());

    String embeddings = "{\"input\":\"x\"}";
    assertEquals(404, post(server, "/v1/embeddings", embeddings).statusCode());

    String tokenIds = "{\"prompt\":[1,2,3],\"max_tokens\":2}";
    HttpResponse<String> ids = post(server, COMPLETIONS, tokenIds);
    assertEquals(400, ids.statusCode());
    assertTrue(ids.body().contains("one text prompt"), ids.body());
  }

  @Test
  void settingsRefuseWhatABackendCannotDo() {
    TargetSettings withBackend = TargetSettings.defaults().withBackend(llama);
    assertEquals("tiny", withBackend.model());
    assertEquals(
        "TargetSettings.backend tiny: the preset is tiny-fast; a backend times its tokens itself"
            + " (use fixed)",
        assertThrows(IllegalArgumentException.class, () -> withBackend.withPreset("tiny-fast"))
            .getMessage());
    assertEquals(
        "TargetSettings.backend tiny: model is 'other' but the backend serves 'tiny'",
        assertThrows(IllegalArgumentException.class, () -> withBackend.withModel("other"))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> withBackend.withFaults(List.of(FaultRate.parse("disconnect=0.1"))));
  }

  @Test
  void closingTheServerAndTheBackendEndsStreamsInFlightAndTheBackendsThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    LlamaBackend other = LlamaBackend.open(LlamaSettings.tinyModel(modelFile).withParallel(2));
    TargetServer otherServer = TargetServer.start(TargetSettings.defaults().withBackend(other));
    try (Socket socket = RawHttp.connect(otherServer)) {
      String body =
          "{\"prompt\":\"go on\",\"max_tokens\":1900,\"ignore_eos\":true,\"stream\":true}";
      RawHttp.send(socket, RawHttp.post(COMPLETIONS, body));
      awaitFirstEvent(socket.getInputStream());
      assertEquals(1, newThreads(before, "llama-stream-").size(), "one worker generates");

      long closing = System.nanoTime();
      otherServer.close();
      other.close();

      assertTrue(
          System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(10),
          "the stream stopped at once instead of running to 1,900 tokens");
    }
    assertEquals(List.of(), endedOrNot(before, "llama-stream-"), "the backend's threads end");
    assertEquals(List.of(), endedOrNot(before, "tokenload-sim-"), "the server's event loops end");
  }

  @Test
  void aClientThatLeavesCancelsItsGeneration() throws Exception {
    SimulatedBackend.Timing slow =
        new SimulatedBackend.Timing(Duration.ZERO, Duration.ofMillis(20), 1);
    CountDownLatch cancelled = new CountDownLatch(1);
    try (SimulatedBackend simulated = new SimulatedBackend("slow", slow);
        TargetServer slowServer =
            TargetServer.start(
                TargetSettings.defaults().withBackend(cancelling(simulated, cancelled)))) {
      try (Socket socket = RawHttp.connect(slowServer)) {
        String body = "{\"prompt\":\"x\",\"max_tokens\":5000,\"stream\":true}";
        RawHttp.send(socket, RawHttp.post(COMPLETIONS, body));
        awaitFirstEvent(socket.getInputStream());
      }
      assertTrue(cancelled.await(10, TimeUnit.SECONDS), "the generation was cancelled");
    }
  }

  /** {@code backend}, counting {@code cancelled} down when a request is cancelled. */
  private static LocalBackend cancelling(LocalBackend backend, CountDownLatch cancelled) {
    return new LocalBackend() {
      @Override
      public String model() {
        return backend.model();
      }

      @Override
      public Cancellable stream(LocalRequest request, StreamListener listener) {
        Cancellable inner = backend.stream(request, listener);
        return () -> {
          cancelled.countDown();
          inner.cancel();
        };
      }

      @Override
      public void close() {
        backend.close();
      }
    };
  }

  private static int promptTokens(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return json(response.body()).get("usage").get("prompt_tokens").asInt();
  }

  /** Reads the response until its first {@code data:} event has begun. */
  private static void awaitFirstEvent(InputStream in) throws IOException {
    StringBuilder seen = new StringBuilder();
    while (seen.indexOf("data: ") < 0) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the stream ended before its first event: " + seen);
      }
      seen.append((char) b);
    }
    assertTrue(seen.toString().startsWith("HTTP/1.1 200"), seen.toString());
  }

  /** Live threads named {@code prefix…} that were not in {@code before}. */
  private static List<Thread> newThreads(Set<Thread> before, String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith(prefix) && !before.contains(t))
        .toList();
  }

  /** {@link #newThreads}, after giving them up to 5 s to end; empty when they all have. */
  private static List<String> endedOrNot(Set<Thread> before, String prefix)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    List<Thread> alive = newThreads(before, prefix);
    while (!alive.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      alive = newThreads(before, prefix);
    }
    return alive.stream().map(Thread::getName).toList();
  }
}
