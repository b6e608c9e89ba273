package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's pairing of request counts with concurrency levels. */
class LoadPairingTest {

  @Test
  void equalListsPairByPosition() {
    LoadPairing p = LoadPairing.of(List.of(8, 16), List.of(1, 2), "f");
    assertEquals(List.of(1, 2), p.concurrencies());
    assertEquals(List.of(8, 16), p.requests());
    assertEquals("c=1 n=8, c=2 n=16", p.describe());
  }

  @Test
  void theSeedsNineCountsForElevenLevelsCarryTheLastCountOn() {
    LoadPairing p =
        LoadPairing.of(
            List.of(8, 16, 16, 48, 256, 384, 512, 512, 1024),
            List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024),
            "f");
    assertEquals(List.of(8, 16, 16, 48, 256, 384, 512, 512, 1024, 1024, 1024), p.requests());
    assertEquals(
        List.of(false, false, false, false, false, false, false, false, false, true, true),
        p.levels().stream().map(LoadPairing.Level::countCarried).toList());
  }

  @Test
  void oneCountServesEveryLevel() {
    assertEquals(List.of(5, 5, 5), LoadPairing.of(List.of(5), List.of(1, 2, 4), "f").requests());
  }

  @Test
  void moreCountsThanLevelsIsRefusedWithTheFix() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LoadPairing.of(List.of(1, 2, 3), List.of(1), "batch.json"));
    assertEquals(
        "batch.json: num_prompts_list has 3 request counts but max_concurrency_list only 1 levels,"
            + " so 2 count(s) have no level to run at; remove the last 2 count(s) or add 2"
            + " concurrency level(s)",
        e.getMessage());
  }

  @Test
  void anEmptyListIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LoadPairing.of(List.of(), List.of(1), "f"));
  }
}
