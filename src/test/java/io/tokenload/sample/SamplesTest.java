package io.tokenload.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.Transcript;
import io.tokenload.transport.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplesTest {

  @TempDir Path run;

  private static RequestRecord record(String id) {
    return new RequestRecord(
        id,
        "resp",
        "c1",
        0,
        0,
        200,
        true,
        null,
        10,
        10,
        20,
        new long[] {10},
        new int[] {3},
        "usage",
        5,
        5,
        3,
        3);
  }

  @Test
  void onlyTheFirstRequestsOfEachCellAreTaken() {
    Samples samples = new Samples(run, 2, Redactor.NONE);
    assertTrue(samples.take("a"));
    assertTrue(samples.take("a"));
    assertFalse(samples.take("a"));
    assertTrue(samples.take("b"));
    assertFalse(new Samples(run, 0, Redactor.NONE).take("a"));
  }

  @Test
  void samplesHandedOverFromAnEventLoopAreWrittenByClose() throws Exception {
    Samples samples = new Samples(run, 8, Redactor.NONE);
    for (int i = 0; i < 5; i++) {
      samples.writeLater(
          "c1", "p" + i, new Transcript("a" + i, "", "stop", false), record("r" + i));
    }
    samples.close();
    List<String> lines = Files.readAllLines(run.resolve("samples/c1.jsonl"));
    assertEquals(5, lines.size());
    assertEquals("r0", new ObjectMapper().readTree(lines.get(0)).get("request_id").asText());
  }

  @Test
  void aSampleHoldsPromptAnswerReasoningUsageAndFinishReason() throws Exception {
    Samples samples = new Samples(run, 8, Redactor.NONE);
    samples.write("c1", "hello there", new Transcript("Hi!", "think", "stop", false), record("r1"));
    samples.write("c1", "again", null, record("r2"));

    List<String> lines = Files.readAllLines(run.resolve("samples/c1.jsonl"));
    assertEquals(2, lines.size());
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertEquals("r1", first.get("request_id").asText());
    assertEquals("hello there", first.get("prompt").asText());
    assertEquals("Hi!", first.get("answer").asText());
    assertEquals("think", first.get("reasoning").asText());
    assertEquals("stop", first.get("finish_reason").asText());
    assertEquals(5, first.get("usage").get("prompt_tokens").asInt());
    assertEquals(3, first.get("usage").get("completion_tokens").asInt());
    assertEquals("", new ObjectMapper().readTree(lines.get(1)).get("answer").asText());
  }

  @Test
  void secretsAreBlankedAndLongPromptsCut() throws Exception {
    Samples samples = new Samples(run, 8, Redactor.of("sk-secret"));
    String prompt = "sk-secret " + "x".repeat(Transcript.MAX_CHARS);
    samples.write("c1", prompt, new Transcript("echo sk-secret", "", null, false), record("r1"));

    String line = Files.readString(run.resolve("samples/c1.jsonl"));
    assertFalse(line.contains("sk-secret"), line);
    JsonNode sample = new ObjectMapper().readTree(line);
    assertTrue(sample.get("truncated").asBoolean());
    assertTrue(sample.get("prompt").asText().length() <= Transcript.MAX_CHARS + 20);
  }
}
