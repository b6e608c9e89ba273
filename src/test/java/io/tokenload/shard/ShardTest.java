package io.tokenload.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.workload.CellSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {

  private static final CellSpec CLOSED = new CellSpec("in8-out4-c10", 8, 4, 10, 103, 5);
  private static final CellSpec OPEN =
      new CellSpec("in8-out4-r40", 8, 4, 100_000, 201, 5, 40, 1, 0);

  private static List<Optional<Shard.Share>> shares(CellSpec cell, int count) {
    List<Optional<Shard.Share>> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Shard(i, count).share(cell));
    }
    return out;
  }

  @Test
  void oneShardSendsTheWholeCell() {
    Shard.Share whole = Shard.SINGLE.share(CLOSED).orElseThrow();

    assertEquals(CLOSED, whole.cell());
    assertEquals(0, whole.firstPrompt());
    assertEquals(CLOSED.seed(), whole.arrivalSeed());
  }

  @Test
  void closedUsersAndRequestsSplitEvenlyWithRemaindersToTheLowestIndices() {
    List<Optional<Shard.Share>> s = shares(CLOSED, 4);

    assertEquals(List.of(3, 3, 2, 2), s.stream().map(x -> x.get().cell().concurrency()).toList());
    assertEquals(List.of(26, 26, 26, 25), s.stream().map(x -> x.get().cell().requests()).toList());
    assertEquals(List.of(0L, 26L, 52L, 78L), s.stream().map(x -> x.get().firstPrompt()).toList());
    s.forEach(x -> assertEquals(CLOSED.name(), x.get().cell().name()));
  }

  @Test
  void aShardWithoutAUserSendsNothingAndTheRequestsGoToTheOthers() {
    CellSpec two = new CellSpec("in8-out4-c2", 8, 4, 2, 9, 5);

    List<Optional<Shard.Share>> s = shares(two, 4);

    assertEquals(2, new Shard(0, 4).activeShards(two));
    assertEquals(5, s.get(0).get().cell().requests());
    assertEquals(4, s.get(1).get().cell().requests());
    assertTrue(s.get(2).isEmpty());
    assertTrue(s.get(3).isEmpty());
  }

  @Test
  void openRateIsDividedAndEachShardHasItsOwnArrivalSeed() {
    List<Optional<Shard.Share>> s = shares(OPEN, 4);

    s.forEach(x -> assertEquals(10, x.get().cell().ratePerSecond(), 1e-12));
    assertEquals(List.of(51, 50, 50, 50), s.stream().map(x -> x.get().cell().requests()).toList());
    Set<Long> seeds = new HashSet<>();
    s.forEach(x -> seeds.add(x.get().arrivalSeed()));
    assertEquals(4, seeds.size());
    s.forEach(x -> assertEquals(OPEN.seed(), x.get().cell().seed(), "prompts keep the seed"));
  }

  @Test
  void promptRangesAreDisjointAndCoverTheCell() {
    for (int count = 1; count <= 7; count++) {
      Set<Long> seen = new HashSet<>();
      for (Optional<Shard.Share> x : shares(CLOSED, count)) {
        for (long k = 0; k < x.get().cell().requests(); k++) {
          assertTrue(seen.add(x.get().firstPrompt() + k), "prompt sent twice with " + count);
        }
      }
      assertEquals(CLOSED.requests(), seen.size());
    }
  }

  @Test
  void aTimeBoundedRampStepKeepsItsDuration() {
    CellSpec step = new CellSpec("r20", 8, 4, 64, 1001, 3, 20, 1, 50);

    Shard.Share part = new Shard(1, 2).share(step).orElseThrow();

    assertEquals(50, part.cell().durationSeconds());
    assertEquals(10, part.cell().ratePerSecond(), 1e-12);
    assertEquals(32, part.cell().concurrency());
    assertNotEquals(step.seed(), part.arrivalSeed());
  }

  @Test
  void anIndexOutsideTheCountIsRefusedNamingBothProperties() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Shard(4, 4));

    assertEquals(
        "-Dshard.index=4 is not allowed with -Dshard.count=4: shard.index must be from 0 to 3",
        e.getMessage());
  }

  @Test
  void aCountBelowOneIsRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new Shard(0, 0));

    assertTrue(e.getMessage().startsWith("-Dshard.count=0 is not allowed"), e.getMessage());
  }
}
