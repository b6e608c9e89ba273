package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static io.tokenload.simulator.SimClient.json;
import static io.tokenload.simulator.SimClient.jsonEvents;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.tokenizer.WordTokenizer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Text completions, non-streamed answers and multi-token chunks. */
class CompletionResponsesTest {

  private static final WordTokenizer WORDS = WordTokenizer.instance();
  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void completionsStreamUsesTextCompletionObjects() throws Exception {
    String body =
        "{\"prompt\":\"a b c\",\"max_tokens\":6,\"ignore_eos\":true,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";
    List<JsonNode> chunks = jsonEvents(post(server, "/v1/completions", body).body());

    assertEquals(6 + 1 + 1, chunks.size(), "no role chunk: 6 token chunks, finish, usage");
    String id = chunks.get(0).get("id").asText();
    assertTrue(id.startsWith("cmpl-"), id);
    StringBuilder text = new StringBuilder();
    for (JsonNode chunk : chunks) {
      assertEquals("text_completion", chunk.get("object").asText());
      assertEquals(id, chunk.get("id").asText());
    }
    for (JsonNode chunk : chunks.subList(0, 6)) {
      JsonNode choice = chunk.get("choices").get(0);
      assertFalse(choice.has("delta"), "completions carry text, not delta");
      assertTrue(choice.get("finish_reason").isNull());
      assertEquals(1, WORDS.count(choice.get("text").asText()));
      text.append(choice.get("text").asText());
    }
    JsonNode finish = chunks.get(6).get("choices").get(0);
    assertEquals("", finish.get("text").asText());
    assertEquals("length", finish.get("finish_reason").asText());
    assertEquals(0, chunks.get(7).get("choices").size());
    // A raw prompt pays no chat template.
    assertEquals(
        json("{\"prompt_tokens\":3,\"completion_tokens\":6,\"total_tokens\":9}"),
        chunks.get(7).get("usage"));
    assertEquals(6, WORDS.count(text.toString()));
  }

  @Test
  void nonStreamingReturnsFullCompletionWithUsage() throws Exception {
    String body = chat("tell me something", "\"max_tokens\":12,\"ignore_eos\":true");
    HttpResponse<String> response = post(server, "/v1/chat/completions", body);

    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode completion = json(response.body());
    assertEquals("chat.completion", completion.get("object").asText());
    assertTrue(completion.get("id").asText().startsWith("chatcmpl-"));
    assertEquals("tokenload-sim", completion.get("model").asText());
    JsonNode choice = completion.get("choices").get(0);
    assertEquals("assistant", choice.get("message").get("role").asText());
    String content = choice.get("message").get("content").asText();
    assertEquals(12, WORDS.count(content));
    assertEquals("length", choice.get("finish_reason").asText());
    assertEquals(
        json("{\"prompt_tokens\":10,\"completion_tokens\":12,\"total_tokens\":22}"),
        completion.get("usage"));

    // The same prompt always gets the same answer, streamed or not.
    String streamed =
        chat("tell me something", "\"max_tokens\":12,\"ignore_eos\":true," + "\"stream\":true");
    StringBuilder fromStream = new StringBuilder();
    for (JsonNode chunk : jsonEvents(post(server, "/v1/chat/completions", streamed).body())) {
      fromStream.append(chunk.get("choices").get(0).get("delta").path("content").asText());
    }
    assertEquals(content, fromStream.toString());

    JsonNode text =
        json(
            post(
                    server,
                    "/v1/completions",
                    "{\"prompt\":\"x y\",\"max_tokens\":4," + "\"ignore_eos\":true}")
                .body());
    assertEquals("text_completion", text.get("object").asText());
    assertEquals(4, WORDS.count(text.get("choices").get(0).get("text").asText()));
    assertEquals(6, text.get("usage").get("total_tokens").asInt());
  }

  @Test
  void tokensPerChunkGroupsTokens() throws Exception {
    try (TargetServer grouped =
        TargetServer.start(TargetSettings.defaults().withTokensPerChunk(4))) {
      String body =
          chat(
              "group these",
              "\"max_tokens\":10,\"ignore_eos\":true,\"stream\":true,"
                  + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}");
      List<JsonNode> chunks = jsonEvents(post(grouped, "/v1/chat/completions", body).body());

      List<Integer> tokensPerChunk = new ArrayList<>();
      List<Integer> running = new ArrayList<>();
      for (JsonNode chunk : chunks.subList(1, chunks.size() - 2)) {
        String content = chunk.get("choices").get(0).get("delta").get("content").asText();
        tokensPerChunk.add(WORDS.count(content));
        running.add(chunk.get("usage").get("completion_tokens").asInt());
      }
      assertEquals(List.of(4, 4, 2), tokensPerChunk, "the last chunk carries the remainder");
      assertEquals(List.of(4, 8, 10), running);
    }
  }
}
