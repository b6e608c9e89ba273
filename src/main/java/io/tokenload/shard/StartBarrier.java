package io.tokenload.shard;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A start barrier in a folder every shard can write, one file per shard and cell: {@code
 * cell-<k>/shard-<i>.json}, holding the wall-clock instant the shard arrived. When every shard
 * expected at a cell has arrived, each of them computes the same start instant, the last arrival
 * plus {@code lead}, and waits for it: the shards start together without talking to each other, to
 * within their clocks' agreement (NTP keeps machines of one cluster within a millisecond or so).
 * The lead covers the time a shard takes to see the last file; on a network file system that caches
 * listings, make it longer than the cache's lifetime.
 *
 * <p>Files are written whole (to a temporary name, then moved), so a reader never sees half of one.
 * One folder per run: a file left by an earlier run would count as an arrival.
 */
public final class StartBarrier {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final Shard shard;
  private final Duration lead;
  private final Clock clock;

  /** Arrivals already read, by cell and shard: a poll reads only the files still missing. */
  private final Map<Integer, Map<Integer, Instant>> seen = new ConcurrentHashMap<>();

  public StartBarrier(Path dir, Shard shard, Duration lead, Clock clock) {
    this.dir = dir;
    this.shard = shard;
    this.lead = lead;
    this.clock = clock;
  }

  public Path dir() {
    return dir;
  }

  /** Notes that this shard is ready to start cell {@code cell} (its position in the run). */
  public void arrive(int cell) {
    Path folder = dir.resolve("cell-" + cell);
    Path file = folder.resolve("shard-" + shard.index() + ".json");
    try {
      Files.createDirectories(folder);
      Path tmp = folder.resolve(".shard-" + shard.index() + ".json.tmp");
      JSON.writeValue(
          tmp.toFile(),
          Map.of("shard", shard.index(), "count", shard.count(), "arrived_at", now().toString()));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the start barrier cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The instant cell {@code cell} starts, once shards 0 to {@code expected − 1} have all arrived;
   * empty while one is missing.
   */
  public Optional<Instant> start(int cell, int expected) {
    Instant last = Instant.EPOCH;
    for (int i = 0; i < expected; i++) {
      Optional<Instant> arrived = arrival(cell, i);
      if (arrived.isEmpty()) {
        return Optional.empty();
      }
      last = arrived.get().isAfter(last) ? arrived.get() : last;
    }
    return Optional.of(last.plus(lead));
  }

  /** The shards, of 0 to {@code expected − 1}, that have not arrived at cell {@code cell}. */
  public List<Integer> missing(int cell, int expected) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < expected; i++) {
      if (arrival(cell, i).isEmpty()) {
        out.add(i);
      }
    }
    return out;
  }

  /** The one-line error of a barrier that waited {@code waited} in vain. */
  public String timeoutMessage(int cell, String cellName, int expected, Duration waited) {
    List<Integer> missing = missing(cell, expected);
    return "start barrier "
        + dir
        + ": shard"
        + (missing.size() == 1 ? " " : "s ")
        + missing.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " of "
        + shard.count()
        + " never arrived at cell "
        + cellName
        + " within "
        + waited.toSeconds()
        + " s (-Dshard.barrier.timeout.s); this shard stops";
  }

  private Optional<Instant> arrival(int cell, int shardIndex) {
    Map<Integer, Instant> known = seen.computeIfAbsent(cell, c -> new ConcurrentHashMap<>());
    Instant at = known.get(shardIndex);
    if (at == null) {
      read(cell, shardIndex).ifPresent(i -> known.put(shardIndex, i));
    }
    return Optional.ofNullable(known.get(shardIndex));
  }

  private Optional<Instant> read(int cell, int shardIndex) {
    Path file = dir.resolve("cell-" + cell).resolve("shard-" + shardIndex + ".json");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(JSON.readTree(file.toFile()).get("arrived_at").asText()));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the start barrier's " + file + " is damaged: " + e.getMessage(), e);
    }
  }

  private Instant now() {
    return clock.instant();
  }
}
