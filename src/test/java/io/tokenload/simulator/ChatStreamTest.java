package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static io.tokenload.simulator.SimClient.jsonEvents;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.tokenizer.WordTokenizer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chat stream's shape, event by event, against vLLM's: real requests on a real socket. */
class ChatStreamTest {

  private static final String CHAT = "/v1/chat/completions";
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
  void chatStreamIsOpenAiChunksThenDone() throws Exception {
    long before = System.currentTimeMillis() / 1000;
    HttpResponse<String> response =
        post(
            server,
            CHAT,
            chat(
                "hello brave new world",
                "\"max_tokens\":20,\"ignore_eos\":true," + "\"stream\":true"));

    assertEquals(200, response.statusCode());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElse(""));
    List<JsonNode> chunks = jsonEvents(response.body());
    assertEquals(1 + 20 + 1, chunks.size(), "role chunk, 20 token chunks, finish chunk");

    String id = chunks.get(0).get("id").asText();
    assertTrue(id.startsWith("chatcmpl-"), id);
    for (JsonNode chunk : chunks) {
      assertEquals(id, chunk.get("id").asText(), "every chunk has the same id");
      assertEquals("chat.completion.chunk", chunk.get("object").asText());
      assertEquals("tokenload-sim", chunk.get("model").asText());
      long created = chunk.get("created").asLong();
      assertTrue(created >= before && created <= before + 5, "created is now: " + created);
      assertEquals(1, chunk.get("choices").size());
      assertEquals(0, chunk.get("choices").get(0).get("index").asInt());
      assertFalse(chunk.has("usage"), "no usage unless asked");
    }

    JsonNode first = chunks.get(0).get("choices").get(0);
    assertEquals(SimClient.json("{\"role\":\"assistant\",\"content\":\"\"}"), first.get("delta"));
    assertTrue(first.get("finish_reason").isNull());

    StringBuilder content = new StringBuilder();
    for (JsonNode chunk : chunks.subList(1, chunks.size() - 1)) {
      JsonNode choice = chunk.get("choices").get(0);
      assertEquals(1, choice.get("delta").size(), "token chunks carry only content");
      assertTrue(choice.get("finish_reason").isNull());
      assertTrue(choice.get("logprobs").isNull());
      content.append(choice.get("delta").get("content").asText());
    }
    JsonNode last = chunks.get(chunks.size() - 1).get("choices").get(0);
    assertEquals(0, last.get("delta").size(), "the finish chunk's delta is empty");
    assertEquals("length", last.get("finish_reason").asText());

    assertEquals(20, WORDS.count(content.toString()));
    for (int id2 : WORDS.encode(content.toString())) {
      assertNotEquals(WordTokenizer.UNKNOWN_ID, id2, "every word is in the vocabulary");
    }
  }

  @Test
  void includeUsageAddsUsageChunkWithEmptyChoices() throws Exception {
    String body =
        chat(
            "one two three",
            "\"max_tokens\":7,\"ignore_eos\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}");
    List<JsonNode> chunks = jsonEvents(post(server, CHAT, body).body());

    JsonNode usageChunk = chunks.get(chunks.size() - 1);
    assertEquals("chat.completion.chunk", usageChunk.get("object").asText());
    assertTrue(usageChunk.get("choices").isArray());
    assertEquals(0, usageChunk.get("choices").size());
    // 3 words + 4 template tokens for the message + 3 to open the reply
    assertEquals(
        SimClient.json("{\"prompt_tokens\":10,\"completion_tokens\":7,\"total_tokens\":17}"),
        usageChunk.get("usage"));
    for (JsonNode chunk : chunks.subList(0, chunks.size() - 1)) {
      assertFalse(chunk.has("usage"), "only the last chunk carries usage: " + chunk);
    }
    assertEquals(
        "length",
        chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asText());
  }

  @Test
  void continuousUsageStatsCountsUp() throws Exception {
    String body =
        chat(
            "one two three",
            "\"max_tokens\":5,\"ignore_eos\":true,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}");
    List<JsonNode> chunks = jsonEvents(post(server, CHAT, body).body());

    List<Integer> completionTokens = new ArrayList<>();
    for (JsonNode chunk : chunks) {
      JsonNode usage = chunk.get("usage");
      assertEquals(10, usage.get("prompt_tokens").asInt());
      assertEquals(
          usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
          usage.get("total_tokens").asInt());
      completionTokens.add(usage.get("completion_tokens").asInt());
    }
    // role chunk, five token chunks, finish chunk, usage chunk
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 5, 5), completionTokens);
  }

  @Test
  void continuousUsageStatsNeedsIncludeUsageAsInVllm() throws Exception {
    String body =
        chat(
            "one two three",
            "\"max_tokens\":3,\"stream\":true,"
                + "\"stream_options\":{\"continuous_usage_stats\":true}");
    for (JsonNode chunk : jsonEvents(post(server, CHAT, body).body())) {
      assertFalse(chunk.has("usage"), chunk.toString());
    }
  }

  @Test
  void ignoreEosGivesExactlyMaxTokens() throws Exception {
    boolean someStoppedEarly = false;
    for (int i = 0; i < 6; i++) {
      String prompt = "prompt number " + i;
      JsonNode forced = usageOf(chat(prompt, "\"max_tokens\":50,\"ignore_eos\":true"));
      assertEquals(50, forced.get("usage").get("completion_tokens").asInt(), prompt);
      assertEquals("length", forced.get("choices").get(0).get("finish_reason").asText());

      JsonNode natural = usageOf(chat(prompt, "\"max_tokens\":50"));
      int tokens = natural.get("usage").get("completion_tokens").asInt();
      assertTrue(tokens >= 1 && tokens <= 50, prompt + ": " + tokens);
      someStoppedEarly |= tokens < 50;
    }
    assertTrue(someStoppedEarly, "without ignore_eos the sim ends some answers by itself");
  }

  @Test
  void minTokensIsHonouredWithoutIgnoreEos() throws Exception {
    boolean sawStop = false;
    for (int i = 0; i < 10; i++) {
      String prompt = "another prompt " + i;
      JsonNode response = usageOf(chat(prompt, "\"max_tokens\":50,\"min_tokens\":40"));
      int tokens = response.get("usage").get("completion_tokens").asInt();
      assertTrue(tokens >= 40 && tokens <= 50, prompt + ": " + tokens);
      String content = response.get("choices").get(0).get("message").get("content").asText();
      assertEquals(tokens, WORDS.count(content));
      String reason = response.get("choices").get(0).get("finish_reason").asText();
      assertEquals(tokens == 50 ? "length" : "stop", reason);
      sawStop |= reason.equals("stop");
    }
    assertTrue(sawStop, "some answers end between min_tokens and max_tokens");
  }

  @Test
  void promptTokensIncludeChatTemplateOverhead() throws Exception {
    String messages =
        "[{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"Say"
            + " hello\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hello"
            + " there\"}]}]";
    String body = "{\"messages\":" + messages + ",\"max_tokens\":1}";

    JsonNode usage = SimClient.json(post(server, CHAT, body).body()).get("usage");
    assertEquals(7 + 3 * 4 + 3, usage.get("prompt_tokens").asInt(), "7 words, 3 messages");

    try (TargetServer bare =
        TargetServer.start(TargetSettings.defaults().withChatTemplateOverhead(0, 0))) {
      JsonNode bareUsage = SimClient.json(post(bare, CHAT, body).body()).get("usage");
      assertEquals(7, bareUsage.get("prompt_tokens").asInt());
    }
  }

  @Test
  void requestIdIsEchoed() throws Exception {
    String body = chat("echo me", "\"max_tokens\":2,\"stream\":true");
    HttpResponse<String> response = post(server, CHAT, body, "X-Request-Id", "req-42");

    assertEquals("req-42", response.headers().firstValue("X-Request-Id").orElse(null));
    // As vLLM does, the response id is built from the client's request id.
    assertEquals("chatcmpl-req-42", jsonEvents(response.body()).get(0).get("id").asText());

    HttpResponse<String> error =
        post(server, "/v1/chat/completions", "{", "X-Request-Id", "req-43");
    assertEquals(400, error.statusCode());
    assertEquals("req-43", error.headers().firstValue("X-Request-Id").orElse(null));
  }

  private static JsonNode usageOf(String body) throws Exception {
    HttpResponse<String> response = post(server, CHAT, body);
    assertEquals(200, response.statusCode(), response.body());
    return SimClient.json(response.body());
  }
}
