package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.workload.Api;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request parsing on its own: JSON text in, a request or an {@link ApiError} out. */
class CompletionRequestTest {

  private static final TargetSettings SETTINGS = TargetSettings.defaults();

  private static CompletionRequest chat(String json) {
    return parse(Api.CHAT, json, SETTINGS);
  }

  private static CompletionRequest text(String json) {
    return parse(Api.COMPLETIONS, json, SETTINGS);
  }

  private static CompletionRequest parse(Api kind, String json, TargetSettings settings) {
    var body = JsonFields.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    return CompletionRequest.parse(kind, body, settings);
  }

  @Test
  void chatCountsStringAndTextPartContentPlusTemplate() {
    CompletionRequest request =
        chat(
            "{\"messages\":[{\"role\":\"user\",\"content\":\"  three  short words \"},"
                + "{\"role\":\"assistant\",\"content\":null},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"two more\"},"
                + "{\"type\":\"text\",\"text\":\"and three more\"}]}]}");
    assertEquals(3 + 0 + 5 + 3 * 4 + 3, request.promptTokens());
  }

  @Test
  void completionPromptMayBeStringsOrTokenIds() {
    assertEquals(3, text("{\"prompt\":\"a b c\"}").promptTokens());
    assertEquals(3, text("{\"prompt\":[\"a b\",\"c\"]}").promptTokens());
    assertEquals(4, text("{\"prompt\":[11,12,13,14]}").promptTokens());
    assertEquals(3, text("{\"prompt\":[[1,2],[3]]}").promptTokens());
    assertEquals(0, text("{\"prompt\":\"\"}").promptTokens());
  }

  @Test
  void defaultsAreNonStreamingWithTheDefaultOutputCap() {
    CompletionRequest request = text("{\"prompt\":\"a\"}");
    assertFalse(request.stream());
    assertFalse(request.includeUsage());
    assertFalse(request.ignoreEos());
    assertEquals(128, request.maxTokens());
    assertEquals(0, request.minTokens());
  }

  @Test
  void absentMaxTokensIsClippedToTheContext() {
    TargetSettings small = SETTINGS.withMaxContextTokens(100);
    var request = parse(Api.COMPLETIONS, "{\"prompt\":\"" + "w ".repeat(30) + "\"}", small);
    assertEquals(70, request.maxTokens());
  }

  @Test
  void minTokensRaisesTheDefaultCap() {
    assertEquals(200, text("{\"prompt\":\"a\",\"min_tokens\":200}").maxTokens());
  }

  @Test
  void maxCompletionTokensWinsOverMaxTokensForChat() {
    String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    assertEquals(
        9, chat("{" + messages + ",\"max_tokens\":5,\"max_completion_tokens\":9}").maxTokens());
    assertEquals(5, chat("{" + messages + ",\"max_tokens\":5}").maxTokens());
  }

  @Test
  void integralFloatsCountAsIntegers() {
    assertEquals(10, text("{\"prompt\":\"a\",\"max_tokens\":10.0}").maxTokens());
    ApiError error =
        assertThrows(ApiError.class, () -> text("{\"prompt\":\"a\",\"max_tokens\":10.5}"));
    assertEquals(400, error.status().code());
  }

  @Test
  void continuousUsageOnlyWithIncludeUsage() {
    String base = "{\"prompt\":\"a\",\"stream\":true,\"stream_options\":";
    CompletionRequest both =
        text(base + "{\"include_usage\":true,\"continuous_usage_stats\":true}}");
    assertTrue(both.includeUsage() && both.continuousUsage());
    CompletionRequest alone = text(base + "{\"continuous_usage_stats\":true}}");
    assertFalse(alone.includeUsage() || alone.continuousUsage());
  }

  @Test
  void nullFieldsMeanNotGiven() {
    CompletionRequest request =
        text(
            "{\"prompt\":\"a\",\"model\":null,\"max_tokens\":null,\"stream\":null,"
                + "\"stream_options\":null,\"temperature\":null}");
    assertEquals(128, request.maxTokens());
    assertFalse(request.stream());
  }

  @Test
  void samePromptSameHashOtherPromptOtherHash() {
    long first = text("{\"prompt\":\"the same words\"}").promptHash();
    assertEquals(first, text("{\"prompt\":\"the same words\",\"max_tokens\":3}").promptHash());
    assertNotEquals(first, text("{\"prompt\":\"other words\"}").promptHash());
    String user = "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    String system = "{\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}";
    assertNotEquals(chat(user).promptHash(), chat(system).promptHash());
  }

  @Test
  void trailingGarbageIsMalformedJson() {
    ApiError error = assertThrows(ApiError.class, () -> text("{\"prompt\":\"a\"} {}"));
    assertEquals("invalid_json", error.code());
  }

  @Test
  void errorsNameTheNestedPath() {
    ApiError error =
        assertThrows(
            ApiError.class,
            () ->
                chat(
                    "{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},"
                        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},7]}]}"));
    assertEquals(400, error.status().code());
    assertEquals("messages[1].content[1]", error.param());
    assertTrue(error.getMessage().startsWith("messages[1].content[1] is the number 7"));

    ApiError ids = assertThrows(ApiError.class, () -> text("{\"prompt\":[[1,2],[3,\"x\"]]}"));
    assertEquals("prompt[1][1]", ids.param());
  }
}
