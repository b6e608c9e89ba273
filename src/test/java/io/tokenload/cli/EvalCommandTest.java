package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tokenload.eval.EvalOptions;
import io.tokenload.eval.EvalRunner;
import io.tokenload.eval.data.QaItem;
import io.tokenload.eval.data.QaSet;
import io.tokenload.local.AnswerBook;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tokenload eval} against the embedded target answering {@code data/eval/qa.jsonl} with a
 * known score, over real sockets.
 */
class EvalCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private int eval(String url, String indicator, Path outFile, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "eval",
                "--indicator",
                indicator,
                "--base-url",
                url,
                "--model",
                "tokenload-sim",
                "--data",
                EvalTarget.QA,
                "--concurrency",
                "4",
                "--out",
                outFile.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  private JsonNode json(Path file) throws IOException {
    return JSON.readTree(file.toFile());
  }

  private static List<String> firstFields(JsonNode contract, int n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = contract.fieldNames(); it.hasNext() && names.size() < n; ) {
      names.add(it.next());
    }
    return names;
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void accuracyF1IsWithinFiveHundredthsOfTheTargetsTrueScore() throws Exception {
    List<QaItem> items = QaSet.read(Path.of(EvalTarget.QA));
    AnswerBook book = new AnswerBook(items, new AnswerBook.Settings(0.8, 0, 0, List.of(), 0));
    double truth =
        items.stream().filter(i -> book.answersRight(i.prompt())).count() / (double) items.size();
    Path file = dir.resolve("accuracy_f1.json");
    try (EvalTarget target = new EvalTarget("--accuracy", "0.8")) {
      assertEquals(0, eval(target.url(), "accuracy_f1", file), err());
    }
    JsonNode c = json(file);
    assertEquals(List.of("indicator", "precision", "recall", "f1", "samples"), firstFields(c, 5));
    assertEquals("accuracy_f1", c.get("indicator").asText());
    assertEquals(0.8, c.get("f1").asDouble(), 0.05);
    assertEquals(truth, c.get("f1").asDouble(), 0.001);
    assertEquals(items.size(), c.get("samples").asInt());
    List<String> samples = Files.readAllLines(dir.resolve("accuracy_f1.samples.jsonl"));
    assertEquals(items.size(), samples.size());
    JsonNode sample = JSON.readTree(samples.get(0));
    for (String field : List.of("prompt", "answer", "references", "score")) {
      assertTrue(sample.has(field), field + " in " + sample);
    }
  }

  @Test
  void aTargetThatTyposConfuseLosesF1UnderAttack() throws Exception {
    Path file = dir.resolve("robustness_adv.json");
    try (EvalTarget target = new EvalTarget("--accuracy", "0.8", "--typo-sensitivity", "1")) {
      assertEquals(0, eval(target.url(), "robustness_adv", file, "--attack", "fgsm"), err());
    }
    JsonNode c = json(file);
    assertEquals(List.of("indicator", "attack_type", "success_rate", "f1_drop"), firstFields(c, 4));
    assertEquals("typo", c.get("attack_type").asText());
    assertTrue(c.get("f1_drop").asDouble() > 0, c.toString());
    assertEquals(1.0, c.get("success_rate").asDouble(), 1e-9, c.toString());
  }

  @Test
  void aTargetThatTyposDoNotConfuseKeepsItsF1() throws Exception {
    Path file = dir.resolve("robustness_adv.json");
    try (EvalTarget target = new EvalTarget("--accuracy", "0.8", "--typo-sensitivity", "0")) {
      assertEquals(0, eval(target.url(), "robustness_adv", file), err());
    }
    assertTrue(json(file).get("f1_drop").asDouble() <= 0.05, json(file).toString());
  }

  @Test
  void toxicRatioIsWithinTwoHundredthsOfTheShareOfListedWords() throws Exception {
    Path file = dir.resolve("toxicity.json");
    try (EvalTarget target = new EvalTarget("--toxic-share", "0.1")) {
      assertEquals(0, eval(target.url(), "toxicity", file), err());
    }
    JsonNode c = json(file);
    assertEquals(List.of("indicator", "toxic_ratio", "total_samples"), firstFields(c, 3));
    assertEquals(0.1, c.get("toxic_ratio").asDouble(), 0.02, c.toString());
    assertEquals(62, c.get("total_samples").asInt());
  }

  @Test
  void aModerationEndpointJudgesTheOutputsWhenChosen() throws Exception {
    HttpServer moderation = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    moderation.createContext(
        "/v1/moderations",
        exchange -> {
          String input =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          byte[] answer =
              ("{\"results\":[{\"flagged\":"
                      + input.contains(AnswerBook.WRONG)
                      + ",\"categories\":{}}]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    moderation.start();
    Path file = dir.resolve("toxicity.json");
    String url = "http://127.0.0.1:" + moderation.getAddress().getPort() + "/v1/moderations";
    try (EvalTarget target = new EvalTarget("--accuracy", "0.8")) {
      assertEquals(
          0,
          eval(
              target.url(),
              "toxicity",
              file,
              "--classifier",
              "moderation",
              "--moderation-url",
              url),
          err());
    } finally {
      moderation.stop(0);
    }
    JsonNode c = json(file);
    assertEquals(12, c.get("toxic_samples").asInt(), c.toString()); // the 20 % answered wrongly
    assertTrue(c.get("classifier").asText().startsWith("moderation: " + url));
  }

  @Test
  void loadIndicatorsWriteTheLoadRunsContracts() throws Exception {
    Path latency = dir.resolve("latency_p99.json");
    Path throughput = dir.resolve("throughput_rps.json");
    try (EvalTarget target = new EvalTarget()) {
      assertEquals(0, eval(target.url(), "latency_p99", latency, "--requests", "20"), err());
      assertEquals(0, eval(target.url(), "throughput_rps", throughput, "--requests", "20"), err());
    }
    JsonNode l = json(latency);
    assertEquals("latency_p99", l.get("indicator").asText());
    assertEquals(20, l.get("requests").asInt());
    assertTrue(l.has("p99_ms") && l.has("p50_ms") && l.has("p90_ms"));
    JsonNode t = json(throughput);
    assertTrue(t.get("rps").asDouble() > 0);
    assertEquals(4, t.get("concurrency").asInt());
    assertTrue(Files.isRegularFile(dir.resolve("latency_p99-run/requests.jsonl")));
  }

  @Test
  void gateExitsThreeWhenOneIndicatorBreachesAndZeroWhenNoneDoes() throws Exception {
    Path good = Files.createDirectories(dir.resolve("good"));
    Path bad = Files.createDirectories(dir.resolve("bad"));
    try (EvalTarget target = new EvalTarget("--accuracy", "0.9")) {
      for (Path folder : List.of(good, bad)) {
        assertEquals(0, eval(target.url(), "toxicity", folder.resolve("toxicity.json")), err());
        assertEquals(
            0, eval(target.url(), "robustness_adv", folder.resolve("robustness_adv.json")));
        assertEquals(0, eval(target.url(), "latency_p99", folder.resolve("latency_p99.json")));
        assertEquals(
            0, eval(target.url(), "throughput_rps", folder.resolve("throughput_rps.json")));
      }
      assertEquals(0, eval(target.url(), "accuracy_f1", good.resolve("accuracy_f1.json")));
    }
    try (EvalTarget target = new EvalTarget("--accuracy", "0.5")) {
      assertEquals(0, eval(target.url(), "accuracy_f1", bad.resolve("accuracy_f1.json")));
    }
    for (Path folder : List.of(good, bad)) {
      Path merged = folder.resolve("merged/merged.json");
      assertEquals(
          0,
          run(
              "merge-indicators",
              folder.toString(),
              "--out",
              merged.toString(),
              "--html",
              folder.resolve("merged/merged.html").toString()),
          err());
      assertEquals(5, json(merged).get("indicators").size());
    }
    assertEquals(0, run("gate", "--indicators", good.toString()), out.toString());
    assertEquals(0, run("gate", "--indicators", good.resolve("merged/merged.json").toString()));
    assertEquals(3, run("gate", "--indicators", bad.resolve("merged/merged.json").toString()));
    String lines = out.toString(StandardCharsets.UTF_8);
    assertTrue(lines.contains("FAIL accuracy_f1.f1 = 0.5"), lines);
    assertTrue(lines.contains("PASS toxicity.toxic_ratio = 0"), lines);
    assertTrue(
        Files.readString(bad.resolve("merged/merged.html")).contains("<h2>accuracy_f1</h2>"));
  }

  @Test
  void theApiKeyIsSentButNeverWrittenToAnyOutput() throws Exception {
    String secret = "sk-never-written-7731";
    Map<String, String> env = Map.of("EVAL_KEY", secret);
    try (EvalTarget target = new EvalTarget()) {
      for (String indicator : List.of("accuracy_f1", "latency_p99")) {
        EvalOptions options =
            EvalArgs.parse(
                EvalArgs.line(
                    new String[] {
                      "--indicator", indicator, "--base-url", target.url(), "--model",
                      "tokenload-sim", "--data", EvalTarget.QA, "--api-key-env", "EVAL_KEY",
                      "--requests", "5", "--out", dir.resolve(indicator + ".json").toString()
                    }));
        assertTrue(EvalRunner.run(options, env).answered() > 0);
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(f).contains(secret), f.toString());
      }
    }
    assertTrue(Files.readString(dir.resolve("latency_p99-run/run.json")).contains("EVAL_KEY"));
  }

  @Test
  void aServerThatAnswersNothingMeasuresNothingAndExitsOne() throws Exception {
    Path file = dir.resolve("accuracy_f1.json");
    assertEquals(1, eval("http://127.0.0.1:1", "accuracy_f1", file, "--limit", "3"));
    assertTrue(err().contains("nothing was measured"), err());
  }
}
