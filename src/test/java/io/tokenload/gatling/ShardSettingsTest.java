package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ShardSettingsTest {

  private static ShardSettings read(Map<String, String> props, Map<String, String> env) {
    return ShardSettings.from(new Props(props), env);
  }

  @Test
  void anUnshardedRunIsTheWholeLoad() {
    ShardSettings s = read(Map.of(), Map.of());

    assertEquals(0, s.shard().index());
    assertEquals(1, s.shard().count());
    assertEquals(Optional.empty(), s.barrier());
  }

  @Test
  void theIndexComesFromTheIndexedJobsVariable() {
    ShardSettings s =
        read(
            Map.of("shard.count", "4", "shard.barrier", "/shared/barrier"),
            Map.of("JOB_COMPLETION_INDEX", "3"));

    assertEquals(3, s.shard().index());
    assertEquals(Optional.of(Path.of("/shared/barrier")), s.barrier());
  }

  @Test
  void anExplicitIndexWinsOverTheVariable() {
    ShardSettings s =
        read(
            Map.of("shard.count", "4", "shard.index", "1", "start.at", "2026-12-03T10:00:00Z"),
            Map.of("JOB_COMPLETION_INDEX", "3"));

    assertEquals(1, s.shard().index());
    assertEquals(Optional.of(Instant.parse("2026-12-03T10:00:00Z")), s.startAt());
  }

  @Test
  void anIndexFromTheVariableBeyondTheCountNamesTheVariable() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                read(
                    Map.of("shard.count", "2", "shard.barrier", "b"),
                    Map.of("JOB_COMPLETION_INDEX", "2")));

    assertEquals(
        "-Dshard.index=2 (from JOB_COMPLETION_INDEX) is not allowed with -Dshard.count=2:"
            + " shard.index must be from 0 to 1",
        e.getMessage());
  }

  @Test
  void shardsWithoutACommonStartAreRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read(Map.of("shard.count", "2", "shard.index", "0"), Map.of()));

    assertTrue(e.getMessage().startsWith("-Dshard.count=2 needs -Dshard.barrier="), e.getMessage());
  }

  @Test
  void aStartThatIsNoInstantIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read(Map.of("start.at", "tomorrow 10:00"), Map.of()));

    assertEquals(
        "-Dstart.at=tomorrow 10:00 is not allowed: start.at must be an ISO-8601 instant such as"
            + " 2026-12-03T10:00:00Z",
        e.getMessage());
  }

  @Test
  void aNegativeCountIsRefused() {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> read(Map.of("shard.count", "-1"), Map.of()));

    assertTrue(e.getMessage().startsWith("-Dshard.count=-1 is not allowed"), e.getMessage());
  }
}
