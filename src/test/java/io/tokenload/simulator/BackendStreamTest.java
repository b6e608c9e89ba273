package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.events;
import static io.tokenload.simulator.SimClient.json;
import static io.tokenload.simulator.SimClient.jsonEvents;
import static io.tokenload.simulator.SimClient.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.local.LlamaBackend;
import io.tokenload.local.LlamaSettings;
import io.tokenload.local.gguf.TinyModel;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same stream checks against the simulated target and against real llama.cpp inference behind
 * the same server ({@link TargetSettings#withBackend}), on a tiny random-weight model: whatever
 * answers, a client sees vLLM's shapes, its usage and its ids.
 */
class BackendStreamTest {

  enum Target {
    SIMULATED,
    LLAMA_CPP
  }

  private static final String CHAT = "/v1/chat/completions";
  private static final String COMPLETIONS = "/v1/completions";

  @TempDir static Path dir;
  private static LlamaBackend llama;
  private static final Map<Target, TargetServer> SERVERS = new EnumMap<>(Target.class);

  @BeforeAll
  static void start() throws IOException {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model, 3);
    llama = LlamaBackend.open(LlamaSettings.tinyModel(model).withContextTokens(512));
    SERVERS.put(Target.SIMULATED, TargetServer.start(TargetSettings.defaults()));
    SERVERS.put(Target.LLAMA_CPP, TargetServer.start(TargetSettings.defaults().withBackend(llama)));
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(TargetServer::close);
    llama.close();
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void chatStreamIsOpenAiChunksWithUsageThenDone(Target target) throws Exception {
    TargetServer server = SERVERS.get(target);
    String body =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"hello brave new world\"}],"
            + "\"max_tokens\":12,\"ignore_eos\":true,\"min_tokens\":12,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true}}";
    HttpResponse<String> response = post(server, CHAT, body, "X-Request-Id", "req-7");

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    assertEquals("req-7", response.headers().firstValue("X-Request-Id").orElse(null));
    List<JsonNode> chunks = jsonEvents(response.body());
    assertEquals(1 + 12 + 1 + 1, chunks.size(), "role, 12 token chunks, finish, usage");
    for (JsonNode chunk : chunks) {
      assertEquals("chatcmpl-req-7", chunk.get("id").asText(), "the id comes from X-Request-Id");
      assertEquals("chat.completion.chunk", chunk.get("object").asText());
      assertEquals(server.settings().model(), chunk.get("model").asText());
    }

    JsonNode role = chunks.get(0).get("choices").get(0);
    assertEquals(json("{\"role\":\"assistant\",\"content\":\"\"}"), role.get("delta"));
    assertTrue(role.get("finish_reason").isNull());
    StringBuilder content = new StringBuilder();
    for (JsonNode chunk : chunks.subList(1, 13)) {
      JsonNode choice = chunk.get("choices").get(0);
      assertEquals(1, choice.get("delta").size(), "token chunks carry only content: " + chunk);
      assertTrue(choice.get("finish_reason").isNull());
      assertTrue(choice.get("logprobs").isNull());
      assertFalse(chunk.has("usage"), "only the last chunk carries usage: " + chunk);
      content.append(choice.get("delta").get("content").asText());
    }
    assertFalse(content.isEmpty());
    JsonNode finish = chunks.get(13).get("choices").get(0);
    assertEquals(0, finish.get("delta").size());
    assertEquals("length", finish.get("finish_reason").asText());

    JsonNode last = chunks.get(14);
    assertEquals(0, last.get("choices").size());
    JsonNode usage = last.get("usage");
    int prompt = usage.get("prompt_tokens").asInt();
    assertTrue(prompt > 4, "the prompt and its chat template: " + usage);
    assertEquals(12, usage.get("completion_tokens").asInt(), "exactly max_tokens with ignore_eos");
    assertEquals(prompt + 12, usage.get("total_tokens").asInt());
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void completionsStreamCountsUsageOnEveryChunk(Target target) throws Exception {
    String body =
        "{\"prompt\":\"the quick brown fox\",\"max_tokens\":5,\"ignore_eos\":true,\"stream\":true,"
            + "\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}";
    HttpResponse<String> response = post(SERVERS.get(target), COMPLETIONS, body);

    assertEquals(200, response.statusCode(), response.body());
    List<Integer> completionTokens = new ArrayList<>();
    for (JsonNode chunk : jsonEvents(response.body())) {
      assertTrue(chunk.get("id").asText().startsWith("cmpl-"), chunk.toString());
      assertEquals("text_completion", chunk.get("object").asText());
      completionTokens.add(chunk.get("usage").get("completion_tokens").asInt());
    }
    // five token chunks (no role chunk on completions), the finish chunk, the usage chunk
    assertEquals(List.of(1, 2, 3, 4, 5, 5, 5), completionTokens);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void withoutStreamTheAnswerIsOneObjectWithUsage(Target target) throws Exception {
    String body =
        "{\"messages\":[{\"role\":\"user\",\"content\":\"say something\"}],\"max_tokens\":6,"
            + "\"ignore_eos\":true}";
    HttpResponse<String> response = post(SERVERS.get(target), CHAT, body, "X-Request-Id", "w1");

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode answer = json(response.body());
    assertEquals("chatcmpl-w1", answer.get("id").asText());
    assertEquals("chat.completion", answer.get("object").asText());
    JsonNode choice = answer.get("choices").get(0);
    assertEquals("assistant", choice.get("message").get("role").asText());
    assertFalse(choice.get("message").get("content").asText().isEmpty());
    assertEquals("length", choice.get("finish_reason").asText());
    assertEquals(6, answer.get("usage").get("completion_tokens").asInt());
    assertTrue(answer.get("usage").get("prompt_tokens").asInt() > 0);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void streamsWithoutStreamOptionsCarryNoUsage(Target target) throws Exception {
    String body = "{\"prompt\":\"one two\",\"max_tokens\":3,\"ignore_eos\":true,\"stream\":true}";
    String stream = post(SERVERS.get(target), COMPLETIONS, body).body();

    List<String> events = events(stream);
    assertEquals("[DONE]", events.get(events.size() - 1));
    assertEquals(3 + 1 + 1, events.size(), "three token chunks, finish, [DONE]");
    assertFalse(stream.contains("\"usage\""), stream);
  }

  @ParameterizedTest
  @EnumSource(Target.class)
  void errorsKeepOpenAisShape(Target target) throws Exception {
    HttpResponse<String> response =
        post(SERVERS.get(target), CHAT, "{\"messages\":[],\"stream\":true}", "X-Request-Id", "e1");

    assertEquals(400, response.statusCode());
    assertEquals("e1", response.headers().firstValue("X-Request-Id").orElse(null));
    JsonNode error = json(response.body()).get("error");
    assertEquals("invalid_request_error", error.get("type").asText());
    assertEquals("messages", error.get("param").asText());
    assertTrue(error.get("message").asText().contains("at least one message"), error.toString());
  }
}
