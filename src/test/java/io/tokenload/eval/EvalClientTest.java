package io.tokenload.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.tokenload.eval.data.QaItem;
import io.tokenload.workload.Api;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Answers read from streaming servers, servers that do not stream, and failing ones, over real
 * sockets.
 */
class EvalClientTest {

  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          boolean fail = body.contains("fail me");
          boolean whole = body.contains("answer whole");
          String answer;
          String type;
          if (fail) {
            answer = "{\"error\":{\"type\":\"server_error\",\"message\":\"boom\"}}";
            type = "application/json";
          } else if (whole) { // a server that ignores stream=true
            answer =
                "{\"id\":\"c1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"Paris.\"},"
                    + "\"finish_reason\":\"stop\"}]}";
            type = "application/json";
          } else {
            answer =
                "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"role\":\"assistant\",\"content\":\"Paris\"}}]}\n\n"
                    + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                    + "\"delta\":{\"content\":\".\"},\"finish_reason\":\"stop\"}]}\n\n"
                    + "data: [DONE]\n\n";
            type = "text/event-stream";
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", type);
          exchange.sendResponseHeaders(fail ? 500 : 200, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private List<Answer> ask(String... prompts) throws InterruptedException {
    Endpoint endpoint =
        new Endpoint(
            URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
            Api.CHAT,
            Flavour.OPENAI,
            "m",
            Optional.empty(),
            Duration.ofSeconds(5));
    List<QaItem> items =
        Arrays.stream(prompts)
            .map(p -> new QaItem("t", p, p, List.of(), List.of("Paris")))
            .toList();
    try (EvalClient client = new EvalClient(endpoint, 2, 16)) {
      return client.ask(items, "t");
    }
  }

  @Test
  void aStreamedAnswerIsJoinedIntoTheAnswer() throws Exception {
    Answer a = ask("Capital of France?").get(0);
    assertTrue(a.ok(), a.error());
    assertEquals("Paris.", a.text());
  }

  @Test
  void aServerIgnoringStreamTrueIsReadAsTheWholeAnswer() throws Exception {
    // An evaluation wants the answer, not its timing: one JSON body is that answer.
    Answer a = ask("answer whole").get(0);
    assertTrue(a.ok(), a.error());
    assertEquals("Paris.", a.text());
  }

  @Test
  void aFailedRequestKeepsItsErrorAndHasNoText() throws Exception {
    List<Answer> answers = ask("fail me", "Capital of France?");
    assertFalse(answers.get(0).ok());
    assertTrue(answers.get(0).error().startsWith("HTTP 500"), answers.get(0).error());
    assertEquals("", answers.get(0).text());
    assertTrue(answers.get(1).ok());
  }

  @Test
  void aServerThatRefusesEveryConnectionEndsTheLoopWithEveryRequestFailed() throws Exception {
    server.stop(0);
    String[] prompts = new String[300];
    Arrays.fill(prompts, "q");
    List<Answer> answers = ask(prompts);
    assertEquals(300, answers.size());
    assertTrue(answers.stream().noneMatch(Answer::ok));
  }
}
