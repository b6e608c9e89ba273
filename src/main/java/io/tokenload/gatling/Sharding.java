package io.tokenload.gatling;

import io.tokenload.report.RunInfo;
import io.tokenload.shard.Shard;
import io.tokenload.shard.StartBarrier;
import io.tokenload.workload.CellSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's part of a sharded load: which part of each cell this injector sends ({@link Shard}'s
 * rule), where its prompts start, and how its cells wait for the other shards. An unsharded run has
 * the whole of every cell.
 */
final class Sharding {

  private static final Logger LOG = LoggerFactory.getLogger(Sharding.class);

  private final ShardSettings settings;
  private final List<CellSpec> whole;
  private final Map<String, Shard.Share> shares = new LinkedHashMap<>();
  private final Map<String, Integer> positions = new LinkedHashMap<>();

  private Sharding(ShardSettings settings, List<CellSpec> whole) {
    this.settings = settings;
    this.whole = List.copyOf(whole);
    for (int i = 0; i < whole.size(); i++) {
      CellSpec cell = whole.get(i);
      positions.put(cell.name(), i + 1);
      settings.shard().share(cell).ifPresent(s -> shares.put(cell.name(), s));
    }
    if (shares.isEmpty()) {
      int most = whole.stream().mapToInt(settings.shard()::activeShards).max().orElse(0);
      throw new IllegalArgumentException(
          "-Dshard.index="
              + settings.shard().index()
              + " has no part of any cell: the run's cells can be split over at most "
              + most
              + " shards (one user, or one unit of in-flight cap, each); use -Dshard.count="
              + most
              + " or fewer");
    }
  }

  static Sharding of(ShardSettings settings, List<CellSpec> cells) {
    if (settings.shard().sharded() && settings.barrier().isEmpty() && cells.size() > 1) {
      LOG.warn(
          "-Dstart.at without -Dshard.barrier starts only the first of {} cells together; each"
              + " later one starts when this shard has finished the one before (the merge notes"
              + " the spread)",
          cells.size());
    }
    return new Sharding(settings, cells);
  }

  /** A resumed or unsharded run: the whole of {@code cells}. */
  static Sharding whole(List<CellSpec> cells) {
    return new Sharding(ShardSettings.single(), cells);
  }

  Shard shard() {
    return settings.shard();
  }

  /** What a shard's run folder name ends with, {@code -shard2of4}; empty when unsharded. */
  String runIdSuffix() {
    return shard().sharded() ? "-shard" + shard().index() + "of" + shard().count() : "";
  }

  /** The cells this shard sends some of, each cut to its part, in the run's order. */
  List<CellSpec> cells() {
    return shares.values().stream().map(Shard.Share::cell).toList();
  }

  /**
   * The index of {@code cell}'s first prompt on this shard. A cell outside the run (a warm-up) has
   * the same size on every shard, so shard i takes indices from i × its requests.
   */
  long firstPrompt(CellSpec cell) {
    Shard.Share share = shares.get(cell.name());
    return share != null ? share.firstPrompt() : (long) shard().index() * cell.requests();
  }

  long arrivalSeed(CellSpec cell) {
    Shard.Share share = shares.get(cell.name());
    return share != null ? share.arrivalSeed() : cell.seed();
  }

  /** How {@code cell} waits for its common start; none when the run is not synchronised. */
  Optional<CellStart> start(CellSpec cell) {
    if (!settings.synchronised()) {
      return Optional.empty();
    }
    int position = positions.get(cell.name());
    // -Dstart.at holds this shard's first cell: the first of the load for every shard with a part
    // of it, and no shard starts before it.
    boolean first = cell.name().equals(shares.keySet().iterator().next());
    Optional<Instant> at = first ? settings.startAt() : Optional.empty();
    Optional<StartBarrier> barrier =
        settings
            .barrier()
            .map(dir -> new StartBarrier(dir, shard(), settings.barrierLead(), Clock.systemUTC()));
    if (at.isEmpty() && barrier.isEmpty()) {
      return Optional.empty();
    }
    int expected = shard().activeShards(whole.get(position - 1));
    return Optional.of(
        new CellStart(cell, position, expected, at, barrier, settings.barrierTimeout()));
  }

  /** The shard section of {@code run.json}; null for an unsharded run. */
  RunInfo.ShardIdentity identity(Instant origin) {
    if (!shard().sharded() && !settings.synchronised()) {
      return null;
    }
    return new RunInfo.ShardIdentity(
        shard().index(),
        shard().count(),
        origin.toString(),
        settings.startAt().map(Instant::toString).orElse(null),
        settings.barrier().map(Object::toString).orElse(null),
        whole);
  }
}
