package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's scheduling with a scripted clock: exact step times, no sleeps, no sockets. */
class EngineTest {

  private static final long US = 1_000;

  /** 10 µs per prompt token; a step costs 1000 µs + 100 µs per sequence + 1 µs per KV token. */
  private static final EngineModel MODEL =
      new EngineModel("test", 10, 1000, 100, 1, 2, 1000, 64, 0);

  private final FakeTicker ticker = new FakeTicker();

  record Progress(String who, int generated, boolean finished, long atNanos) {}

  private final List<Progress> log = new ArrayList<>();

  @Test
  void stepTimesFollowTheFormula() {
    Engine engine = new Engine(MODEL, 1, ticker);
    engine.submit(sequence("a", 10, 3, 3));

    runUntilIdle(engine);

    // prefill: 1000 + 100 + 0 KV + 10 × 10 = 1200 µs, then the first token
    // decode: 1000 + 100 + 11 KV = 1111 µs; then 1000 + 100 + 12 = 1112 µs
    assertEquals(
        List.of(
            new Progress("a", 1, false, 1200 * US),
            new Progress("a", 2, false, 2311 * US),
            new Progress("a", 3, true, 3423 * US)),
        log);
    assertEquals(0, engine.reservedTokens(), "a finished sequence frees its reservation");
  }

  @Test
  void decodeStepTimeGrowsWithTheRunningCount() {
    EngineModel noKv = new EngineModel("test", 0, 1000, 100, 0, 64, 100_000, 64, 0);
    List<Long> stepMicros = new ArrayList<>();
    for (int running : new int[] {1, 4, 16, 64}) {
      Engine engine = new Engine(noKv, 1, ticker);
      for (int i = 0; i < running; i++) {
        engine.submit(sequence("s" + i, 1, 10, 10));
      }
      engine.advance(); // the prefill step
      ticker.now = engine.stepEndNanos();
      engine.advance(); // first tokens out, the first decode step starts
      stepMicros.add((engine.stepEndNanos() - ticker.now) / US);
    }
    assertEquals(List.of(1100L, 1400L, 2600L, 7400L), stepMicros);
  }

  @Test
  void metricsShowTheQueueWhileItWaitsAndCountEveryToken() {
    Engine engine = new Engine(MODEL, 1, ticker); // at most 2 running, 1000 KV tokens
    engine.submit(sequence("a", 10, 3, 3));
    engine.submit(sequence("b", 10, 3, 3));
    engine.submit(sequence("c", 10, 3, 3));
    engine.advance();

    String during = engine.metrics().render("m");
    assertTrue(during.contains("vllm:num_requests_running{model_name=\"m\"} 2.0\n"), during);
    assertTrue(during.contains("vllm:num_requests_waiting{model_name=\"m\"} 1.0\n"), during);
    assertTrue(during.contains("vllm:kv_cache_usage_perc{model_name=\"m\"} 0.026\n"), during);

    runUntilIdle(engine);
    String after = engine.metrics().render("m");
    assertTrue(after.contains("vllm:generation_tokens_total{model_name=\"m\"} 9.0\n"), after);
    assertTrue(after.contains("vllm:prompt_tokens_total{model_name=\"m\"} 30.0\n"), after);
    assertTrue(
        after.contains("vllm:time_to_first_token_seconds_count{model_name=\"m\"} 3.0\n"), after);
    assertTrue(after.contains("vllm:num_requests_waiting{model_name=\"m\"} 0.0\n"), after);
  }

  @Test
  void sequencesBeyondTheBatchCapWaitInOrder() {
    Engine engine = new Engine(MODEL, 1, ticker); // at most 2 running
    engine.submit(sequence("a", 1, 2, 2));
    engine.submit(sequence("b", 1, 2, 2));
    engine.submit(sequence("c", 1, 2, 2));

    engine.advance();
    assertEquals(2, engine.runningCount());
    assertEquals(1, engine.waitingCount());
    runUntilIdle(engine);

    long aDone = timeOf("a", 2);
    long cFirst = timeOf("c", 1);
    assertEquals(timeOf("a", 1), timeOf("b", 1), "a and b share their steps");
    assertTrue(cFirst > aDone, "c starts after a slot frees: " + cFirst + " vs " + aDone);
  }

  @Test
  void admissionWaitsUntilPromptPlusMaxTokensFitTheKvBudget() {
    EngineModel small = MODEL.withMaxBatch(8).withKvBudgetTokens(100);
    Engine engine = new Engine(small, 1, ticker);
    engine.submit(sequence("a", 10, 5, 50)); // reserves 60
    engine.submit(sequence("b", 10, 5, 50)); // 60: does not fit beside a
    engine.submit(
        sequence("c", 5, 5, 5)); // 10 would fit, but waits behind b (first come first served)

    engine.advance();
    assertEquals(1, engine.runningCount());
    assertEquals(60, engine.reservedTokens());
    assertEquals(2, engine.waitingCount());
    runUntilIdle(engine);

    assertTrue(timeOf("b", 1) > timeOf("a", 5), "b is admitted once a has finished");
    assertEquals(timeOf("b", 1), timeOf("c", 1), "then c fits beside b");
  }

  @Test
  void aLongPromptIsPrefilledInChunksOfTheStepBudget() {
    Engine engine = new Engine(MODEL, 1, ticker); // 64 tokens per step
    engine.submit(sequence("a", 150, 1, 1));

    runUntilIdle(engine);

    // 64 + 64 + 22 prompt tokens: (1000 + 100 + 0 + 640) + (1000 + 100 + 64 + 640)
    // + (1000 + 100 + 128 + 220) = 4992 µs to the first (and only) token
    assertEquals(List.of(new Progress("a", 1, true, 4992 * US)), log);
    assertEquals(3, engine.steps());
  }

  @Test
  void aPrefillOnlySequenceFinishesWithItsPrefill() {
    Engine engine = new Engine(MODEL, 1, ticker);
    engine.submit(sequence("embedding", 20, 0, 0));

    runUntilIdle(engine);

    assertEquals(List.of(new Progress("embedding", 0, true, 1300 * US)), log);
  }

  @Test
  void cancellingFreesTheSlotForTheNextInLine() {
    Engine engine = new Engine(MODEL.withMaxBatch(1), 1, ticker);
    Sequence a = sequence("a", 1, 500, 500);
    engine.submit(a);
    engine.submit(sequence("b", 1, 1, 1));
    engine.advance();
    ticker.now = engine.stepEndNanos();
    engine.advance();
    assertEquals(1, engine.waitingCount());

    engine.cancel(a);
    runUntilIdle(engine);

    assertEquals(1, log.stream().filter(p -> p.who().equals("a")).count(), "a got one token");
    assertTrue(log.stream().anyMatch(p -> p.who().equals("b") && p.finished()));
    assertEquals(0, engine.reservedTokens());
  }

  @Test
  void sameSeedSameTimelineOtherSeedOtherTimeline() {
    EngineModel jittery = MODEL.withMaxBatch(4).withStepJitter(0.2);
    List<Progress> first = timeline(jittery, 7);
    List<Progress> again = timeline(jittery, 7);
    List<Progress> other = timeline(jittery, 8);

    assertEquals(first, again);
    assertNotEquals(first, other);
    assertEquals(first.size(), other.size(), "jitter changes times, not tokens");
  }

  @Test
  void aSequenceLargerThanTheKvBudgetIsRefusedRatherThanQueuedForever() {
    Engine engine = new Engine(MODEL.withKvBudgetTokens(50), 1, ticker);
    assertThrows(IllegalArgumentException.class, () -> engine.submit(sequence("x", 10, 5, 50)));
    assertFalse(engine.advance(), "nothing to do");
  }

  @Test
  void aLateLoopDoesNotDriftButRestartsAfterALongStall() {
    Engine engine = new Engine(MODEL, 1, ticker);
    engine.submit(sequence("a", 10, 4, 4));
    engine.advance(); // ends at 1200 µs
    ticker.now = 1500 * US; // woken 300 µs late
    engine.advance();
    assertEquals((1200 + 1111) * US, engine.stepEndNanos(), "the next step starts at 1200 µs");

    ticker.now = engine.stepEndNanos() + Engine.MAX_LAG_NANOS + 1;
    long now = ticker.now;
    engine.advance();
    assertEquals(now + 1112 * US, engine.stepEndNanos(), "after a long stall: from now");
  }

  private List<Progress> timeline(EngineModel model, long seed) {
    log.clear();
    ticker.now = 0;
    Engine engine = new Engine(model, seed, ticker);
    for (int i = 0; i < 6; i++) {
      engine.submit(sequence("s" + i, 20, 8, 8));
    }
    runUntilIdle(engine);
    return List.copyOf(log);
  }

  private void runUntilIdle(Engine engine) {
    while (engine.advance()) {
      ticker.now = engine.stepEndNanos();
    }
  }

  private Sequence sequence(String who, int prompt, int output, int maxOutput) {
    return new Sequence(
        prompt,
        output,
        maxOutput,
        (generated, finished, at) -> log.add(new Progress(who, generated, finished, at)));
  }

  private long timeOf(String who, int generated) {
    return log.stream()
        .filter(p -> p.who().equals(who) && p.generated() == generated)
        .findFirst()
        .orElseThrow(() -> new AssertionError(who + " never reached " + generated + ": " + log))
        .atNanos();
  }

  private static final class FakeTicker implements Ticker {
    long now;

    @Override
    public long nanoTime() {
      return now;
    }
  }
}
