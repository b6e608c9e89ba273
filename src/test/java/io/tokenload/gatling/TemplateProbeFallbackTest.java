package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.testing.ScriptedServer;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.TemplateProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Servers the chat-template probe cannot measure: the run goes on without compensation (a one-line
 * warning), never a crash; and a key the server echoes never reaches the probe's message.
 */
class TemplateProbeFallbackTest {

  private static final String KEY = "sk-probe-0123456789";
  private static final String NO_USAGE =
      "{\"id\":\"c\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
          + "\"content\":\"ok\"},\"finish_reason\":\"length\"}]}";

  private static Endpoint endpoint(ScriptedServer server, Optional<ApiKey> key) {
    return new Endpoint(server.baseUri(), Api.CHAT, Flavour.VLLM, "m", key, Duration.ofSeconds(10));
  }

  private static ScriptedServer answering(String status, String body) throws IOException {
    return ScriptedServer.start(
        (head, request, out) -> {
          ScriptedServer.whole(out, status, "application/json", body);
          return true;
        });
  }

  @Test
  void aServerWithoutUsageIsNamedByTheProbe() throws Exception {
    try (ScriptedServer server = answering("200 OK", NO_USAGE)) {
      TemplateProbe probe = TemplateProbe.of(endpoint(server, Optional.empty()));
      var e =
          assertThrows(
              TemplateProbe.NoUsageException.class,
              () -> probe.overheadTokens(WordTokenizer.instance()));
      assertTrue(e.getMessage().contains("without a prompt token count"), e.getMessage());
    }
  }

  @Test
  void aServerWithoutUsageGetsPromptsWithoutCompensation() throws Exception {
    try (ScriptedServer server = answering("200 OK", NO_USAGE)) {
      RunSettings settings = RunSettings.from(new Props(Map.of()), Map.of());
      Prompts prompts = Prompts.forRun(endpoint(server, Optional.empty()), settings);
      assertEquals(0, prompts.templateOverheadTokens());
      assertEquals(1, server.bodies().size(), "the probe stops at the first answer without usage");
    }
  }

  @Test
  void aServerRefusingTheProbeGetsPromptsWithoutCompensation() throws Exception {
    try (ScriptedServer server =
        answering("400 Bad Request", "{\"error\":{\"message\":\"stream must be true\"}}")) {
      RunSettings settings = RunSettings.from(new Props(Map.of()), Map.of());
      assertEquals(
          0, Prompts.forRun(endpoint(server, Optional.empty()), settings).templateOverheadTokens());
    }
  }

  @Test
  void aKeyEchoedToTheProbeIsBlanked() throws Exception {
    try (ScriptedServer server =
        answering(
            "401 Unauthorized",
            "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY + "\"}}")) {
      Optional<ApiKey> key = ApiKey.fromEnvironment("K", Map.of("K", KEY));
      TemplateProbe probe = TemplateProbe.of(endpoint(server, key));
      var e = assertThrows(IOException.class, () -> probe.overheadTokens(WordTokenizer.instance()));
      assertFalse(e.getMessage().contains(KEY), e.getMessage());
      assertTrue(e.getMessage().contains("Incorrect API key provided: [redacted]"), e.getMessage());
    }
  }
}
