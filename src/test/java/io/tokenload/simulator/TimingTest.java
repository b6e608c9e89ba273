package io.tokenload.simulator;

import static io.tokenload.simulator.SimClient.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schedule, checked loosely: these are correctness checks on a busy 2-core machine, not
 * benchmarks. The firm rule is that nothing arrives early; lateness gets generous bounds.
 */
class TimingTest {

  private static final long MS = 1_000_000;

  @Test
  void tokensArriveOnScheduleRoughly() throws Exception {
    TargetSettings settings =
        TargetSettings.defaults()
            .withTimeToFirstToken(Duration.ofMillis(100))
            .withInterTokenLatency(Duration.ofMillis(20));
    try (TargetServer server = TargetServer.start(settings)) {
      String body = chat("time me", "\"max_tokens\":10,\"ignore_eos\":true,\"stream\":true");
      arrivals(server, body); // warm up the connection, the JIT and the thread pools

      long sent = System.nanoTime();
      List<Long> arrivals = arrivals(server, body);

      assertEquals(1 + 10 + 2, arrivals.size(), "role, 10 tokens, finish, [DONE]");
      // The role chunk comes with the first token, as in vLLM, not when the request is accepted.
      assertTrue(
          arrivals.get(0) - sent >= 100 * MS, "role chunk early: " + ms(arrivals.get(0) - sent));
      for (int token = 0; token < 10; token++) {
        long offset = arrivals.get(1 + token) - sent;
        long due = (100 + 20L * token) * MS;
        assertTrue(offset >= due, "token " + token + " early: " + ms(offset) + " < " + ms(due));
        assertTrue(offset < due + 150 * MS, "token " + token + " late: " + ms(offset));
      }
      long total = arrivals.get(arrivals.size() - 1) - sent;
      assertTrue(total >= 280 * MS && total < 450 * MS, "about 280 ms in all: " + ms(total));
    }
  }

  @Test
  void nonStreamingAnswersWhenTheLastTokenIsDue() throws Exception {
    TargetSettings settings =
        TargetSettings.defaults()
            .withTimeToFirstToken(Duration.ofMillis(50))
            .withInterTokenLatency(Duration.ofMillis(10));
    try (TargetServer server = TargetServer.start(settings)) {
      String body = chat("wait for it", "\"max_tokens\":11,\"ignore_eos\":true");
      SimClient.post(server, "/v1/chat/completions", body);

      long sent = System.nanoTime();
      HttpResponse<String> response = SimClient.post(server, "/v1/chat/completions", body);
      long took = System.nanoTime() - sent;

      assertEquals(200, response.statusCode());
      assertTrue(took >= 150 * MS && took < 400 * MS, "50 + 10 * 10 ms: " + ms(took));
    }
  }

  @Test
  void clientDisconnectStopsGeneration() throws Exception {
    AtomicInteger written = new AtomicInteger();
    TargetSettings settings =
        TargetSettings.defaults()
            .withInterTokenLatency(Duration.ofMillis(5))
            .withChunkWriteListener((id, chunk, nanos) -> written.incrementAndGet());
    try (TargetServer server = TargetServer.start(settings)) {
      // Warm up, so the stream below is on schedule (waiting on a timer) when the client leaves.
      SimClient.post(
          server, "/v1/completions", "{\"prompt\":\"w\",\"max_tokens\":20,\"stream\":true}");
      written.set(0);
      try (Socket socket = RawHttp.connect(server)) {
        RawHttp.send(
            socket,
            RawHttp.post(
                "/v1/completions",
                "{\"prompt\":\"long\",\"max_tokens\":2000,\"ignore_eos\":true,\"stream\":true}"));
        InputStream in = socket.getInputStream();
        in.readNBytes(2000); // the head and the first few chunks
      }
      Thread.sleep(100); // let the server notice
      int atStop = written.get();
      Thread.sleep(200); // 40 more chunks would be due by now
      assertEquals(atStop, written.get(), "nothing is written after the client left");
      assertTrue(atStop < 200, "stopped early: " + atStop + " of 2000 chunks");
    }
  }

  /** Arrival times of each event of one streamed response, read line by line as it comes. */
  private static List<Long> arrivals(TargetServer server, String body) throws Exception {
    HttpResponse<Stream<String>> response =
        SimClient.postLines(server, "/v1/chat/completions", body);
    assertEquals(200, response.statusCode());
    List<Long> arrivals = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        if (it.next().startsWith("data: ")) {
          arrivals.add(System.nanoTime());
        }
      }
    }
    return arrivals;
  }

  private static String ms(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
