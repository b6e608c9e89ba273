package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.workload.CellSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardingTest {

  private static final CellSpec ONE_USER = new CellSpec("in8-out4-c1", 8, 4, 1, 4, 1);
  private static final CellSpec EIGHT_USERS = new CellSpec("in8-out4-c8", 8, 4, 8, 40, 1);

  private static Sharding shard(int index, int count, List<CellSpec> cells) {
    return Sharding.of(
        ShardSettings.from(
            new Props(
                Map.of(
                    "shard.index", Integer.toString(index),
                    "shard.count", Integer.toString(count),
                    "shard.barrier", "barrier")),
            Map.of()),
        cells);
  }

  @Test
  void anUnshardedRunHasTheWholeOfEveryCellAndNoShardSection() {
    Sharding whole = Sharding.whole(List.of(ONE_USER, EIGHT_USERS));

    assertEquals(List.of(ONE_USER, EIGHT_USERS), whole.cells());
    assertNull(whole.identity(Instant.EPOCH));
    assertEquals("", whole.runIdSuffix());
    assertTrue(whole.start(EIGHT_USERS).isEmpty());
  }

  @Test
  void aShardRunsOnlyTheCellsItHasAPartOf() {
    Sharding third = shard(2, 4, List.of(ONE_USER, EIGHT_USERS));

    assertEquals(List.of("in8-out4-c8"), third.cells().stream().map(CellSpec::name).toList());
    assertEquals(2, third.cells().get(0).concurrency());
    assertEquals(20, third.firstPrompt(EIGHT_USERS));
    assertEquals("-shard2of4", third.runIdSuffix());
    assertEquals(List.of(ONE_USER, EIGHT_USERS), third.identity(Instant.EPOCH).cells());
  }

  @Test
  void aShardWithNoPartOfAnyCellIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> shard(3, 4, List.of(ONE_USER)));

    assertEquals(
        "-Dshard.index=3 has no part of any cell: the run's cells can be split over at most 1"
            + " shards (one user, or one unit of in-flight cap, each); use -Dshard.count=1 or"
            + " fewer",
        e.getMessage());
  }

  @Test
  void warmUpsOfEachShardTakePromptsOfTheirOwn() {
    CellSpec warmUp = new CellSpec("warm-up in8-out4-c8", 8, 4, 2, 5, 7_920);

    assertEquals(0, shard(0, 4, List.of(EIGHT_USERS)).firstPrompt(warmUp));
    assertEquals(15, shard(3, 4, List.of(EIGHT_USERS)).firstPrompt(warmUp));
  }
}
