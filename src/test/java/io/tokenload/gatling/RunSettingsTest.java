package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.workload.Api;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunSettingsTest {

  private static RunSettings read(Map<String, String> props) {
    return RunSettings.from(new Props(props), Map.of());
  }

  @Test
  void defaultsDescribeASmallChatRunOnTheEmbeddedTarget() {
    RunSettings s = read(Map.of());
    assertEquals(64, s.requests());
    assertEquals(8, s.concurrency());
    assertEquals(8, s.warmupRequests());
    assertEquals(Api.CHAT, s.api());
    assertTrue(s.baseUrl().isEmpty());
  }

  @Test
  void backendGenerationHeadersAndStreamingComeFromTheirProperties() {
    RunSettings s =
        read(
            Map.of(
                "backend", "anthropic",
                "generation.json", "{\"temperature\":0.7,\"top_k\":5}",
                "headers.json", "{\"X-Team\":\"perf\"}",
                "stream", "false"));
    assertEquals("anthropic", s.wire().backend().name());
    assertEquals(Map.of("temperature", 0.7, "top_k", 5), s.wire().options().generation());
    assertEquals(Map.of("X-Team", "perf"), s.wire().options().headers());
    assertFalse(s.wire().options().stream());
  }

  @Test
  void openAiCompletionsBackendIsTheCompletionsApi() {
    assertEquals(Api.COMPLETIONS, read(Map.of("backend", "openai-completions")).api());
  }

  @ParameterizedTest
  @CsvSource({
    "concurrency, -4, 'a whole number from 1 to 100000'",
    "concurrency, four, 'a whole number from 1 to 100000'",
    "requests, 0, 'a whole number from 1 to'",
    "input.tokens, 0, 'a whole number from 1 to 1000000'",
    "target.itl.ms, -1, 'a number from 0.0 to'",
    "base.url, ftp://host/, 'an http:// or https:// URL with a host'",
    "api, embeddings, 'allowed: chat, completions'",
    "flavour, tgi, 'allowed: vllm, openai'",
    "backend, tgl, 'allowed: openai-chat, openai-completions, openai-responses, vllm, sglang'",
    "generation.json, '[1]', 'a JSON object'",
    "stream, maybe, 'true or false'",
    "client.loops, 0, 'a whole number from 1 to 256'",
    "client.loops, many, 'a whole number from 1 to 256'",
    "max.error.rate, 1.5, 'a number from 0.0 to 1.0'",
    "p99.itl.ms, -1, 'a number from 0.0 to'",
  })
  void badSettingNamesThePropertyAndWhatIsAllowed(String property, String value, String allowed) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(Map.of(property, value)));
    assertTrue(e.getMessage().contains(property), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
    assertTrue(e.getMessage().contains(allowed), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "'{\"X Team\":\"perf\"}', 'header name ''X Team'' is not an HTTP token'",
    "'{\"X-Team\":\"a\\r\\nX-Injected: sk-secret\"}', 'header X-Team has a line break'",
    "'{\"X-Key\":1, \"X-Secret\":\"sk-secret\"}', 'header X-Key must have a string value'",
    "'{\"Authorization\":Bearer sk-secret}', 'not JSON at column 18'",
    "/home/me/sk-secret.json, 'written inline, such as {\"X-Team\":\"perf\"}'",
  })
  void aHeaderHttpDoesNotAllowIsRefusedBeforeTheLoadWithoutItsValue(String json, String why) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(Map.of("headers.json", json)));
    assertTrue(e.getMessage().startsWith("-Dheaders.json is not allowed"), e.getMessage());
    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
  }

  @Test
  void thresholdPropertiesBecomeTheRunsThresholds() {
    RunSettings s = read(Map.of("p99.itl.ms", "20", "min.rps", "5", "max.error.rate", "0.01"));
    assertEquals(20.0, s.thresholds().p99ItlMs());
    assertEquals(5.0, s.thresholds().minRps());
    assertEquals(0.01, s.thresholds().maxErrorRate());
    assertEquals(null, s.thresholds().p99TtftMs());
  }

  @Test
  void missingKeyVariableIsNamedButNoKeyIsPrinted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunSettings.from(new Props(Map.of("api.key.env", "MY_KEY")), Map.of()));
    assertTrue(e.getMessage().contains("MY_KEY, which is not set"), e.getMessage());

    RunSettings s =
        RunSettings.from(
            new Props(Map.of("api.key.env", "MY_KEY")), Map.of("MY_KEY", "sk-secret-123"));
    assertTrue(s.apiKey().isPresent());
    assertTrue(!s.toString().contains("sk-secret-123"), "settings must not print the key: " + s);
  }
}
