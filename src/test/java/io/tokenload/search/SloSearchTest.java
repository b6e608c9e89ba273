package io.tokenload.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** The search itself, against scripted probes: up by doubling, bisect, confirm, stop early. */
class SloSearchTest {

  private static final List<Objective> SLO = List.of(new Objective("ttft_p99_ms", 100));
  private final List<Double> probed = new ArrayList<>();

  private SloSearch.Prober scripted(DoublePredicate meets, DoubleUnaryOperator tokensPerS) {
    return level -> {
      probed.add(level);
      boolean met = meets.test(level);
      return new Probe(
          level,
          10,
          0,
          Map.of("ttft_p99_ms", met ? 50.0 : 150.0),
          tokensPerS.applyAsDouble(level),
          1.0,
          null,
          met ? null : "ttft_p99_ms<=100",
          "probe");
    };
  }

  @Test
  void bisectsToTheHighestConcurrencyThatMeetsAndConfirmsIt() throws Exception {
    var r =
        new SloSearch(
                SloSearch.Mode.MAX_CONCURRENCY, SLO, 1, 1024, scripted(c -> c <= 43, c -> c * 100))
            .run();
    assertEquals(43.0, r.answer());
    assertEquals(44.0, r.next());
    assertEquals("ttft_p99_ms<=100", r.firstBroken());
    assertEquals("slo", r.stop());
    assertEquals(
        List.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 48.0, 40.0, 44.0, 42.0, 43.0, 43.0), probed);
  }

  @Test
  void stopsEarlyWhenMoreConcurrencyGainsNoThroughput() throws Exception {
    var r =
        new SloSearch(
                SloSearch.Mode.MAX_CONCURRENCY,
                SLO,
                1,
                1024,
                scripted(c -> true, c -> Math.min(c, 8) * 100))
            .run();
    assertEquals("saturated", r.stop());
    assertEquals(32.0, r.answer());
    assertNull(r.next());
  }

  @Test
  void anAnswerThatBreaksOnItsReRunGivesWayToTheNextLowerOne() throws Exception {
    int[] probesOf5 = {0};
    SloSearch.Prober flaky =
        level -> {
          boolean met = level < 5 || (level == 5 && probesOf5[0]++ == 0);
          return scripted(c -> met, c -> c * 100).probe(level);
        };
    var r = new SloSearch(SloSearch.Mode.MAX_CONCURRENCY, SLO, 1, 1024, flaky).run();
    assertEquals(4.0, r.answer());
    assertEquals(5.0, r.next());
  }

  @Test
  void aFirstProbeThatBreaksHasNoAnswer() throws Exception {
    var r =
        new SloSearch(SloSearch.Mode.MAX_CONCURRENCY, SLO, 1, 64, scripted(c -> false, c -> 1))
            .run();
    assertNull(r.answer());
    assertEquals(1.0, r.next());
  }

  @Test
  void aRateSearchStopsAtTheResolutionOfFivePercent() throws Exception {
    var r =
        new SloSearch(SloSearch.Mode.MAX_RATE, SLO, 1, 1000, scripted(q -> q <= 10, q -> q)).run();
    assertEquals(true, r.answer() <= 10 && r.answer() >= 9.5, "answer " + r.answer());
  }
}
