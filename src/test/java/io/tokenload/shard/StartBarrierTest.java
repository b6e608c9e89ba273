package io.tokenload.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartBarrierTest {

  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

  @TempDir Path dir;

  private StartBarrier shard(int index, Instant now) {
    return new StartBarrier(
        dir, new Shard(index, 3), Duration.ofMillis(500), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void theCellStartsALeadAfterTheLastArrivalForEveryShard() {
    shard(0, T0).arrive(1);
    shard(2, T0.plusMillis(40)).arrive(1);
    shard(1, T0.plusMillis(900)).arrive(1);

    Optional<Instant> seenBy0 = shard(0, T0).start(1, 3);
    Optional<Instant> seenBy2 = shard(2, T0).start(1, 3);

    assertEquals(Optional.of(T0.plusMillis(1400)), seenBy0);
    assertEquals(seenBy0, seenBy2);
  }

  @Test
  void noStartWhileAShardIsMissingAndTheMissingOneIsNamed() {
    shard(0, T0).arrive(2);
    shard(2, T0).arrive(2);

    assertEquals(Optional.empty(), shard(0, T0).start(2, 3));
    assertEquals(List.of(1), shard(0, T0).missing(2, 3));
    String message = shard(0, T0).timeoutMessage(2, "in8-out4-c8", 3, Duration.ofSeconds(600));
    assertTrue(
        message.contains("shard 1 of 3 never arrived at cell in8-out4-c8 within 600 s"), message);
  }

  @Test
  void onlyTheShardsWithAPartOfTheCellAreWaitedFor() {
    shard(0, T0).arrive(1);
    shard(1, T0).arrive(1);

    assertEquals(Optional.of(T0.plusMillis(500)), shard(0, T0).start(1, 2));
  }

  @Test
  void cellsHaveBarriersOfTheirOwn() {
    shard(0, T0).arrive(1);
    shard(1, T0).arrive(1);
    shard(2, T0).arrive(1);

    assertEquals(Optional.empty(), shard(0, T0).start(2, 3));
  }
}
