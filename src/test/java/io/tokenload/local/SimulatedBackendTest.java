package io.tokenload.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.workload.Api;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SimulatedBackendTest {

  private static final long MS = 1_000_000;

  @Test
  void sendsEveryTokenNoEarlierThanItsSchedule() {
    SimulatedBackend.Timing timing =
        new SimulatedBackend.Timing(Duration.ofMillis(40), Duration.ofMillis(5), 1);
    try (SimulatedBackend backend = new SimulatedBackend("sim", timing)) {
      RequestRecord r =
          Recorded.stream(backend, LocalRequest.chat("s1", "tell me a story", 10), 10);

      assertTrue(r.ok(), r.error());
      assertEquals(10, r.outputTokens());
      assertTrue(r.firstTokenNanos() >= 40 * MS, "ttft " + r.firstTokenNanos());
      for (int t = 0; t < 10; t++) {
        assertTrue(
            r.chunkNanos()[t] >= (40 + 5 * t) * MS, "token " + t + " at " + r.chunkNanos()[t]);
      }
    }
  }

  @Test
  void countsTokensExactlyInMultiTokenChunks() {
    SimulatedBackend.Timing timing = new SimulatedBackend.Timing(Duration.ZERO, Duration.ZERO, 3);
    try (SimulatedBackend backend = new SimulatedBackend("sim", timing)) {
      RequestRecord r =
          Recorded.stream(backend, LocalRequest.chat("s2", "four words of prompt", 10), 10);

      assertTrue(r.ok(), r.error());
      assertEquals("usage", r.tokenSource());
      assertArrayEquals(new int[] {3, 3, 3, 1}, r.chunkTokens());
      assertEquals(10, r.outputTokens());
      assertEquals(4 + SimulatedBackend.CHAT_TEMPLATE_TOKENS, r.promptTokens());
      assertEquals("chatcmpl-s2", r.responseId());
    }
  }

  @Test
  void completionsStreamTextCompletionsWithoutTemplateTokens() {
    try (SimulatedBackend backend =
        new SimulatedBackend("sim", SimulatedBackend.Timing.immediate())) {
      RequestRecord r =
          Recorded.stream(
              backend, new LocalRequest("s3", Api.COMPLETIONS, "two words", 5, false), 10);

      assertTrue(r.ok(), r.error());
      assertEquals("cmpl-s3", r.responseId());
      assertEquals(2, r.promptTokens());
      assertEquals(5, r.outputTokens());
    }
  }

  @Test
  void closeFailsTheStreamsInFlight() {
    SimulatedBackend.Timing slow =
        new SimulatedBackend.Timing(Duration.ZERO, Duration.ofSeconds(10), 1);
    SimulatedBackend backend = new SimulatedBackend("sim", slow);
    CountDownLatch roleAndFirstToken = new CountDownLatch(1);
    CompletableFuture<RequestRecord> record =
        Recorded.start(backend, LocalRequest.chat("s4", "hi", 5), 2, roleAndFirstToken);
    Recorded.await(roleAndFirstToken);

    backend.close();

    RequestRecord r = record.join();
    assertFalse(r.ok());
    // The role chunk and the first token's chunk arrived; the second token was 10 s away.
    assertEquals("SimulatedBackend closed after 2 chunks", r.error());
    assertEquals(1, r.chunkNanos().length);
  }

  @Test
  void refusesStreamsAfterClose() {
    SimulatedBackend backend = new SimulatedBackend("sim", SimulatedBackend.Timing.immediate());
    backend.close();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> backend.stream(LocalRequest.chat("late", "hi", 1), null));
    assertEquals("SimulatedBackend sim is closed", e.getMessage());
  }

  @Test
  void timingErrorsNameTheFieldAndTheAllowedRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SimulatedBackend.Timing(Duration.ofMillis(-1), Duration.ZERO, 1));
    assertEquals(
        "Timing.timeToFirstToken was PT-0.001S, must be between 0 and 1 hour", e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SimulatedBackend.Timing(Duration.ZERO, Duration.ZERO, 0));
    assertEquals("Timing.tokensPerChunk was 0, must be between 1 and 4096", e.getMessage());
  }
}
