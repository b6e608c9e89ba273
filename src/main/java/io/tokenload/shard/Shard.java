package io.tokenload.shard;

import io.tokenload.workload.CellSpec;
import java.util.Optional;

/**
 * Shard {@code index} of {@code count}: which part of every cell's load one injector sends when
 * {@code count} injectors together run one load. The split rule lives here only; the live run and
 * the merge both ask it, so they agree on which shard owed what.
 *
 * <p>A cell is split into units (closed: its users; open: as many as its in-flight cap allows, at
 * most one per shard). The units go as evenly as possible to the shards, the remainders to the
 * lowest indices; the shards that got at least one unit are the cell's <em>active</em> shards, and
 * the cell's requests are split the same way among them. An open cell's rate is divided by the
 * number of active shards. A shard that gets no unit of a cell sends nothing in it.
 *
 * <p>Prompts: every shard keeps the cell's seed (so the shared prefix is the same everywhere) and
 * takes the prompt indices after those of the lower shards, so no two shards send the same prompt
 * and the union is the prompts one machine would have sent. Arrival schedules get a seed of their
 * own per shard, or every shard would send at the same instants.
 */
public record Shard(int index, int count) {

  /** The whole load on one machine. */
  public static final Shard SINGLE = new Shard(0, 1);

  private static final long ARRIVAL_STREAM = 0x9E3779B97F4A7C15L;

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException(
          "-Dshard.count=" + count + " is not allowed: shard.count must be at least 1");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "-Dshard.index="
              + index
              + " is not allowed with -Dshard.count="
              + count
              + ": shard.index must be from 0 to "
              + (count - 1));
    }
  }

  /** True when this shard is one of several. */
  public boolean sharded() {
    return count > 1;
  }

  /**
   * This shard's part of {@code cell}, or empty when it sends nothing in it.
   *
   * @param cell a cell of the whole load, as one machine would run it
   */
  public Optional<Share> share(CellSpec cell) {
    int active = activeShards(cell);
    if (index >= active) {
      return Optional.empty();
    }
    int requests = part(cell.requests(), active, index);
    long firstPrompt =
        (long) (cell.requests() / active) * index + Math.min(index, cell.requests() % active);
    long arrivalSeed = count == 1 ? cell.seed() : cell.seed() ^ (ARRIVAL_STREAM * (index + 1));
    CellSpec part =
        new CellSpec(
            cell.name(),
            cell.inputTokens(),
            cell.outputTokens(),
            part(cell.open() ? cell.concurrency() : units(cell), active, index),
            requests,
            cell.seed(),
            cell.ratePerSecond() / active,
            cell.burstiness(),
            cell.durationSeconds());
    return Optional.of(new Share(part, firstPrompt, arrivalSeed));
  }

  /** How many shards send some of {@code cell}: those that got at least one unit. */
  public int activeShards(CellSpec cell) {
    return Math.min(count, Math.min(units(cell), cell.requests()));
  }

  private static int units(CellSpec cell) {
    return cell.open() ? cell.concurrency() : Math.min(cell.concurrency(), cell.requests());
  }

  /** The share of shard {@code i} of {@code total} split over {@code n}: remainders go first. */
  static int part(int total, int n, int i) {
    return total / n + (i < total % n ? 1 : 0);
  }

  /**
   * One shard's part of a cell.
   *
   * @param cell the part, under the cell's own name: its users (or cap), requests and rate
   * @param firstPrompt the index of the cell's prompts this shard starts at
   * @param arrivalSeed the seed of this shard's arrival schedule (open cells)
   */
  public record Share(CellSpec cell, long firstPrompt, long arrivalSeed) {}
}
