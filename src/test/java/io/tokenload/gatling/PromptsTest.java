package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.local.LlamaBackend;
import io.tokenload.local.LlamaSettings;
import io.tokenload.local.gguf.TinyModel;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.TestTokenizers;
import io.tokenload.workload.Api;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.TemplateProbe;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template probe against a real model (the tiny one, by llama.cpp behind the embedded server),
 * whose tokenizer is neither the word vocabulary nor a tokenizer.json tokenload has.
 */
class PromptsTest {

  @TempDir static Path dir;
  private static LlamaBackend llama;
  private static TargetServer server;

  @BeforeAll
  static void start() throws IOException {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model, 9);
    llama = LlamaBackend.open(LlamaSettings.tinyModel(model).withContextTokens(1024));
    server = TargetServer.start(TargetSettings.defaults().withBackend(llama));
  }

  @AfterAll
  static void stop() {
    server.close();
    llama.close();
  }

  private static Endpoint chat() {
    return new Endpoint(
        server.baseUri(),
        Api.CHAT,
        Flavour.VLLM,
        TinyModel.NAME,
        Optional.empty(),
        Duration.ofSeconds(20));
  }

  @Test
  void theDefaultWordsGoOnUncompensatedWhenTheServerCountsOtherwise() {
    RunSettings settings = RunSettings.from(new Props(Map.of()), Map.of());

    Prompts prompts = Prompts.forRun(chat(), settings);

    assertEquals("words", prompts.tokenizer().name());
    assertEquals(0, prompts.templateOverheadTokens());
  }

  @Test
  void aTokenizerFileThatIsNotTheServersStopsTheRun() {
    String qwen3 = TestTokenizers.file("qwen3").toString();
    RunSettings settings = RunSettings.from(new Props(Map.of("tokenizer", qwen3)), Map.of());

    var e =
        assertThrows(
            TemplateProbe.TokenizerMismatchException.class, () -> Prompts.forRun(chat(), settings));
    assertTrue(e.getMessage().contains("it is not the server's tokenizer"), e.getMessage());
  }
}
