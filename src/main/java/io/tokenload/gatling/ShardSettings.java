package io.tokenload.gatling;

import io.tokenload.shard.Shard;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * How a run takes part in a sharded load, read from system properties:
 *
 * <pre>
 * shard.count              injectors that share the load (default 1: the whole load here)
 * shard.index              this injector's index, 0 to count-1 (default: the environment variable
 *                          JOB_COMPLETION_INDEX, set by a Kubernetes Indexed Job; else 0)
 * start.at                 ISO-8601 instant at which the first cell starts, such as
 *                          2026-12-03T10:00:00Z; no shard starts before it (default: when ready)
 * shard.barrier            a folder every shard can write: each cell starts when every shard
 *                          with a part of it has arrived (default: none)
 * shard.barrier.timeout.s  how long a shard waits for the others at a cell (default 600)
 * shard.barrier.lead.ms    how long after the last arrival the cell starts, so every shard has
 *                          seen it; more on a shared file system with slow listings (default 1000)
 * </pre>
 */
public record ShardSettings(
    Shard shard,
    Optional<Instant> startAt,
    Optional<Path> barrier,
    Duration barrierTimeout,
    Duration barrierLead) {

  /** The Kubernetes Indexed Job's variable: the pod's completion index. */
  public static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

  public static ShardSettings from(Props p, Map<String, String> env) {
    int count = p.integer("shard.count", 1, 1, 10_000);
    String fromEnv = env.getOrDefault(INDEX_ENV, "");
    int index;
    if (p.string("shard.index", "").isEmpty() && !fromEnv.isBlank()) {
      index = new Props(Map.of("shard.index", fromEnv)).integer("shard.index", 0, 0, 9_999);
    } else {
      index = p.integer("shard.index", 0, 0, 9_999);
    }
    if (index >= count) {
      throw new IllegalArgumentException(
          "-Dshard.index="
              + index
              + (p.string("shard.index", "").isEmpty() ? " (from " + INDEX_ENV + ")" : "")
              + " is not allowed with -Dshard.count="
              + count
              + ": shard.index must be from 0 to "
              + (count - 1));
    }
    String barrier = p.string("shard.barrier", "");
    if (count > 1 && barrier.isEmpty() && p.string("start.at", "").isEmpty()) {
      throw new IllegalArgumentException(
          "-Dshard.count="
              + count
              + " needs -Dshard.barrier=FOLDER (a folder every shard can write) or -Dstart.at="
              + "INSTANT, so that the shards start each cell together");
    }
    return new ShardSettings(
        new Shard(index, count),
        startAt(p.string("start.at", "")),
        barrier.isEmpty() ? Optional.empty() : Optional.of(Path.of(barrier)),
        Duration.ofMillis(
            Math.round(p.decimal("shard.barrier.timeout.s", 600, 0.1, 86_400) * 1000)),
        Duration.ofMillis(p.integer("shard.barrier.lead.ms", 1000, 0, 600_000)));
  }

  /** Settings of an unsharded run. */
  public static ShardSettings single() {
    return new ShardSettings(
        Shard.SINGLE, Optional.empty(), Optional.empty(), Duration.ofMinutes(10), Duration.ZERO);
  }

  /** True when cells wait for a common start: a start instant or a barrier is set. */
  public boolean synchronised() {
    return startAt.isPresent() || barrier.isPresent();
  }

  private static Optional<Instant> startAt(String raw) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(raw));
    } catch (DateTimeParseException e) {
      throw Props.invalid("start.at", raw, "an ISO-8601 instant such as 2026-12-03T10:00:00Z");
    }
  }
}
