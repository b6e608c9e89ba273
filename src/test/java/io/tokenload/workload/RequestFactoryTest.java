package io.tokenload.workload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Request bodies force the lengths asked, and the embedded target reports exactly those. */
class RequestFactoryTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static Endpoint endpoint(URI base, Api api, Flavour flavour) {
    return new Endpoint(
        base, api, flavour, "tokenload-sim", Optional.empty(), Duration.ofSeconds(10));
  }

  static JsonNode body(RequestFactory.Planned planned) throws Exception {
    return JSON.readTree(planned.request().body());
  }

  @Test
  void theVllmFlavourForcesTheOutputLengthWithMinTokensAndIgnoreEos() throws Exception {
    RequestFactory f =
        new RequestFactory(
            endpoint(URI.create("http://127.0.0.1:1"), Api.CHAT, Flavour.VLLM),
            CellSpec.of(16, 48, 1, 1, 1));
    JsonNode body = body(f.plan(0, "r0"));
    assertEquals(48, body.get("max_tokens").intValue());
    assertEquals(48, body.get("min_tokens").intValue());
    assertTrue(body.get("ignore_eos").booleanValue());
    assertTrue(body.get("stream_options").get("include_usage").booleanValue());
    assertEquals(
        16, WordTokenizer.instance().count(body.get("messages").get(0).get("content").textValue()));
  }

  @Test
  void bodiesAreWhatJacksonWritesForEveryKindOfPrompt() throws Exception {
    List<String> prompts =
        List.of(
            "plain words",
            "quotes \" and back\\slashes",
            "lines\nand\ttabs\r",
            "control \u0001\u001f and NUL \u0000",
            "caf\u00e9 \u4e2d\u6587 \ud83d\ude00",
            "");
    for (Api api : Api.values()) {
      for (Flavour flavour : Flavour.values()) {
        RequestFactory f =
            new RequestFactory(
                endpoint(URI.create("http://127.0.0.1:1"), api, flavour),
                CellSpec.of(16, 48, 1, 1, 1));
        for (String prompt : prompts) {
          for (int outputTokens : new int[] {48, 7}) {
            assertEquals(
                JSON.writeValueAsString(f.body(prompt, outputTokens)),
                new String(f.encodeBody(prompt, outputTokens), UTF_8),
                api + " " + flavour + " " + prompt);
          }
        }
      }
    }
  }

  @Test
  void theOpenAiFlavourSendsOnlyMaxTokens() throws Exception {
    RequestFactory f =
        new RequestFactory(
            endpoint(URI.create("http://127.0.0.1:1"), Api.COMPLETIONS, Flavour.OPENAI),
            CellSpec.of(16, 48, 1, 1, 1));
    JsonNode body = body(f.plan(0, "r0"));
    assertEquals(48, body.get("max_tokens").intValue());
    assertFalse(body.has("min_tokens"));
    assertFalse(body.has("ignore_eos"));
    assertFalse(body.get("stream_options").has("continuous_usage_stats"));
    assertEquals(16, WordTokenizer.instance().count(body.get("prompt").textValue()));
  }

  @Test
  void aPromptsOwnOutputLengthWinsOverTheCells() throws Exception {
    PromptSource source = index -> new Prompt("kaba tebe", 2, 5 + (int) index);
    RequestFactory f =
        new RequestFactory(
            endpoint(URI.create("http://127.0.0.1:1"), Api.CHAT, Flavour.VLLM),
            CellSpec.of(2, 48, 1, 1, 1),
            source);
    RequestFactory.Planned planned = f.plan(3, "r3");
    assertEquals(8, planned.outputTokensAsked());
    assertEquals(2, planned.promptTokensAsked());
    assertEquals(8, body(planned).get("min_tokens").intValue());
  }

  @Test
  void aCompensatedWorkloadIsExactByTheServersOwnUsageCounts() throws Exception {
    try (TargetServer server = TargetServer.start(TargetSettings.defaults());
        StreamClient client = StreamClient.create(1)) {
      Endpoint endpoint = endpoint(server.baseUri(), Api.CHAT, Flavour.VLLM);
      int overhead = TemplateProbe.of(endpoint).overheadTokens(WordTokenizer.instance());
      CellSpec cell = CellSpec.of(256, 24, 4, 16, 5);
      PromptLengths lengths =
          PromptLengths.exactly(cell.inputTokens())
              .withRangeRatio(0.5)
              .withTemplateOverhead(overhead);
      PromptSource prompts =
          PreparedPrompts.first(
              new SyntheticPrompts(WordTokenizer.instance(), lengths, cell.seed()), 16);
      List<RequestRecord> records =
          ClosedLoop.run(client, new RequestFactory(endpoint, cell, prompts), 4, 16, 60);
      LengthTally check = LengthTally.of(records);
      assertEquals(16, check.input().exact(), check.toString());
      assertEquals(16, check.output().exact(), check.toString());
      assertTrue(check.allExact());
      assertTrue(
          records.stream().mapToInt(RequestRecord::promptTokensAsked).distinct().count() > 1,
          "range ratio: the asks vary");
    }
  }
}
