package io.tokenload.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target's Messages API as the official Anthropic Java SDK reads it, over a real socket: its
 * event parser and typed errors judge the wire format independently of our golden samples.
 */
class AnthropicSdkConformanceTest {

  private static TargetServer server;
  private static AnthropicClient client;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
    client =
        AnthropicOkHttpClient.builder()
            .baseUrl(server.baseUri().toString())
            .apiKey("sk-ant-test-not-a-secret")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(20))
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  private static MessageCreateParams params(long maxTokens) {
    return MessageCreateParams.builder()
        .model("tokenload-sim")
        .maxTokens(maxTokens)
        .addUserMessage("Hello, Claude")
        .putAdditionalBodyProperty("ignore_eos", com.anthropic.core.JsonValue.from(true))
        .build();
  }

  @Test
  void streamsTextDeltasAndTheUsageTheSdkReads() {
    StringBuilder text = new StringBuilder();
    long outputTokens = -1;
    StopReason stop = null;
    try (StreamResponse<RawMessageStreamEvent> stream =
        client.messages().createStreaming(params(5))) {
      for (RawMessageStreamEvent event :
          (Iterable<RawMessageStreamEvent>) stream.stream()::iterator) {
        event
            .contentBlockDelta()
            .flatMap(delta -> delta.delta().text())
            .ifPresent(delta -> text.append(delta.text()));
        if (event.messageDelta().isPresent()) {
          outputTokens = event.messageDelta().orElseThrow().usage().outputTokens();
          stop = event.messageDelta().orElseThrow().delta().stopReason().orElseThrow();
        }
      }
    }
    assertEquals(5, text.toString().trim().split(" ").length, text.toString());
    assertEquals(5, outputTokens);
    assertEquals(StopReason.MAX_TOKENS, stop);
  }

  @Test
  void answersAWholeMessage() {
    Message message = client.messages().create(params(3));
    assertEquals(3, message.usage().outputTokens());
    assertEquals(StopReason.MAX_TOKENS, message.stopReason().orElseThrow());
    assertEquals(1, message.content().size());
  }

  @Test
  void anOutOfRangeValueIsTheSdksBadRequest() {
    BadRequestException e =
        assertThrows(BadRequestException.class, () -> client.messages().create(params(0)));
    assertEquals(400, e.statusCode());
  }
}
