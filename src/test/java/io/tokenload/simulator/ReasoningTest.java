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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reasoning before the answer, in vLLM's delta.reasoning_content, counted as completion tokens. */
class ReasoningTest {

  private static final String CHAT = "/v1/chat/completions";
  private static final WordTokenizer WORDS = WordTokenizer.instance();
  private static TargetServer server;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults().withReasoningTokens(5));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void reasoningDeltasComeFirstAndCountAsCompletionTokens() throws Exception {
    String body =
        chat(
            "think first",
            "\"max_tokens\":12,\"ignore_eos\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}");
    List<JsonNode> chunks = jsonEvents(post(server, CHAT, body).body());

    List<String> fields = new ArrayList<>();
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 2)) { // no role, finish, usage
      JsonNode delta = chunk.get("choices").get(0).get("delta");
      assertEquals(1, delta.size(), delta.toString());
      String field = delta.fieldNames().next();
      fields.add(field);
      assertEquals(1, WORDS.count(delta.get(field).asText()));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      expected.add(i < 5 ? "reasoning_content" : "content");
    }
    assertEquals(expected, fields);
    assertEquals(12, chunks.get(chunks.size() - 1).get("usage").get("completion_tokens").asInt());
  }

  @Test
  void aRequestMaySetItsOwnReasoningLength() throws Exception {
    String body =
        chat(
            "think less",
            "\"max_tokens\":6,\"ignore_eos\":true,\"tokenload\":{\"reasoning_tokens\":2}");
    JsonNode message = json(post(server, CHAT, body).body()).get("choices").get(0).get("message");

    assertEquals(2, WORDS.count(message.get("reasoning_content").asText()));
    assertEquals(4, WORDS.count(message.get("content").asText()));

    String none = chat("no thinking", "\"max_tokens\":3,\"tokenload\":{\"reasoning_tokens\":0}");
    JsonNode plain = json(post(server, CHAT, none).body()).get("choices").get(0).get("message");
    assertFalse(plain.has("reasoning_content"));
  }

  @Test
  void reasoningThatUsesUpMaxTokensLeavesNoAnswer() throws Exception {
    JsonNode choice =
        json(post(server, CHAT, chat("think hard", "\"max_tokens\":3")).body())
            .get("choices")
            .get(0);
    assertTrue(choice.get("message").get("content").isNull(), choice.toString());
    assertEquals(3, WORDS.count(choice.get("message").get("reasoning_content").asText()));
    assertEquals("length", choice.get("finish_reason").asText());
  }

  @Test
  void chunksNeverMixReasoningAndAnswer() throws Exception {
    try (TargetServer grouped =
        TargetServer.start(
            TargetSettings.defaults().withReasoningTokens(5).withTokensPerChunk(4))) {
      String body = chat("group", "\"max_tokens\":12,\"ignore_eos\":true,\"stream\":true");
      List<JsonNode> chunks = jsonEvents(post(grouped, CHAT, body).body());
      List<String> sizes = new ArrayList<>();
      for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
        JsonNode delta = chunk.get("choices").get(0).get("delta");
        String field = delta.fieldNames().next();
        sizes.add(field.charAt(0) + "" + WORDS.count(delta.get(field).asText()));
      }
      assertEquals(List.of("r4", "r1", "c4", "c3"), sizes);
    }
  }

  @Test
  void textCompletionsHaveNoReasoning() throws Exception {
    JsonNode text =
        json(
            post(
                    server,
                    "/v1/completions",
                    "{\"prompt\":\"a\",\"max_tokens\":4,\"ignore_eos\":true}")
                .body());
    assertEquals(4, WORDS.count(text.get("choices").get(0).get("text").asText()));

    var asked =
        post(
            server, "/v1/completions", "{\"prompt\":\"a\",\"tokenload\":{\"reasoning_tokens\":2}}");
    assertEquals(400, asked.statusCode());
    assertEquals(
        "tokenload.reasoning_tokens", json(asked.body()).get("error").get("param").asText());

    var unknown = post(server, CHAT, chat("a", "\"tokenload\":{\"reasoning\":2}"));
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.body().contains("allowed: reasoning_tokens"), unknown.body());
  }
}
