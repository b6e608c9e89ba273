package io.tokenload.simulator.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.FinishReason;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The target's Gemini paths as Google's official Java SDK (google-genai) reads them, over a real
 * socket: {@code streamGenerateContent?alt=sse} and {@code generateContent}.
 */
class GeminiSdkConformanceTest {

  private static TargetServer server;
  private static Client client;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
    client =
        Client.builder()
            .apiKey("test-key-not-a-secret")
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(server.baseUri().toString())
                    .apiVersion("v1beta")
                    .build())
            .build();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static GenerateContentConfig config(int maxOutputTokens) {
    return GenerateContentConfig.builder()
        .maxOutputTokens(maxOutputTokens)
        .httpOptions(HttpOptions.builder().extraBody(Map.of("ignore_eos", true)).build())
        .build();
  }

  @Test
  void streamsTextAndUsageTheSdkReads() {
    StringBuilder text = new StringBuilder();
    GenerateContentResponse last = null;
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("tokenload-sim", "Write a story", config(5))) {
      for (GenerateContentResponse response : stream) {
        text.append(response.text() == null ? "" : response.text());
        last = response;
      }
    }
    assertEquals(5, text.toString().trim().split(" ").length, text.toString());
    assertEquals(5, last.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
    assertEquals(FinishReason.Known.MAX_TOKENS, last.finishReason().knownEnum());
  }

  @Test
  void answersAWholeResponse() {
    GenerateContentResponse response =
        client.models.generateContent("tokenload-sim", "Write a story", config(3));
    assertEquals(3, response.text().trim().split(" ").length, response.text());
    assertEquals(3, response.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow());
  }
}
