package io.tokenload.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerCellTest {

  private static Reading at(
      double tMs, double waiting, double tokens, double ttftCount, double ttftSum) {
    Buckets ttft =
        new Buckets(Arrays.asList(0.1, null), List.of(ttftCount, ttftCount), ttftSum, ttftCount);
    return new Reading(
        tMs,
        "VLLM",
        Map.of("waiting", waiting),
        Map.of("generation_tokens", tokens),
        Map.of("ttft", ttft),
        null);
  }

  @Test
  void deltasRunFromTheLastScrapeBeforeTheCellToTheFirstAfterIt() {
    List<Reading> readings =
        List.of(
            at(0, 0, 100, 1, 0.05),
            at(1000, 4, 150, 3, 0.15),
            at(2000, 8, 300, 5, 0.25),
            at(3000, 0, 400, 6, 0.30),
            at(4000, 0, 500, 7, 0.35));
    ServerCell c = ServerCell.of(readings, 500, 2500, 60.0);
    assertEquals(4, c.scrapes());
    assertEquals(300.0, c.counters().get("generation_tokens"));
    assertEquals(8.0, c.gauges().get("waiting").max());
    assertEquals(5, c.ttftMs().count());
    assertEquals(50.0, c.ttftMs().mean());
    assertEquals(10.0, c.ttftDifferenceMs());
    assertEquals(List.of(0.0, 1000.0, 2000.0, 3000.0), c.series().get("t_ms"));
  }

  @Test
  void failedScrapesAreLeftOut() {
    List<Reading> readings =
        List.of(at(0, 0, 0, 0, 0), Reading.failed(500, "refused"), at(1000, 2, 10, 1, 0.1));
    assertEquals(2, ServerCell.of(readings, 100, 900, null).scrapes());
  }

  @Test
  void noReadingBeforeTheCellsEndGivesNoSection() {
    assertNull(ServerCell.of(List.of(at(5000, 0, 0, 0, 0)), 100, 900, null));
  }
}
