package io.tokenload.shard;

import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.ClientHealth;
import io.tokenload.report.MergedShards;
import io.tokenload.report.RecordReader;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunProgress;
import io.tokenload.report.RunReport;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * {@code tokenload merge}: one run folder from the folders of a sharded load's shards, as if one
 * machine had sent the whole load. The records of every shard go into one {@code requests.jsonl},
 * their times moved onto a common origin (each shard's {@code run.json} holds its origin as an
 * instant); {@code run.json} describes the whole load's cells; and the post-processor ({@link
 * RunReport}) then writes every output from that union, exactly as for a run of one machine: the
 * percentiles are those of all requests, the throughput that of the union's window. {@code
 * shards.json} keeps each shard's status and client health, and notes missing or cut shards and
 * cells the shards started far apart.
 */
public final class ShardMerge {

  /** Shards that sent a cell's first request further apart than this get a note. */
  static final double START_SPREAD_NOTE_MS = 5;

  /** Records read ahead of the writer at most, so a merge of any size runs in bounded memory. */
  private static final int MAX_QUEUED = 4_096;

  /** Files of the first shard copied as they are: the run definition a matrix run keeps. */
  private static final List<String> COPIED = List.of("definition.json", "name.txt");

  private ShardMerge() {}

  /** What a merge wrote. */
  public record Result(MergedShards shards, RunReport.Result report) {}

  /**
   * Merges the shard folders of {@code inputs} (or folders holding them) into {@code out}, a new
   * folder.
   *
   * @throws MergeException when nothing, folders of different runs, or no new folder is given
   */
  public static Result merge(List<Path> inputs, Path out) throws MergeException, IOException {
    Map<Integer, ShardFolders.Found> shards = ShardFolders.find(inputs);
    if (Files.exists(out) && !isEmptyFolder(out)) {
      throw new MergeException("--out " + out + " is not empty; give a new folder");
    }
    Files.createDirectories(out);
    ShardFolders.Found first = shards.values().iterator().next();
    long origin = shards.values().stream().mapToLong(ShardMerge::originNanos).min().orElseThrow();
    Union union = new Union();
    try (RecordWriter records = new RecordWriter(out.resolve(RunReport.RECORDS_FILE))) {
      for (ShardFolders.Found s : shards.values()) {
        union.add(s, originNanos(s) - origin, records);
      }
    }
    MergedShards merged = describe(first.info().shard(), shards, union);
    merged.write(out);
    String startedAt =
        shards.values().stream()
            .map(s -> s.info().startedAt())
            .min(Comparator.naturalOrder())
            .orElseThrow();
    first.info().asWholeLoad(out.getFileName().toString(), startedAt).write(out);
    Optional<ClientHealth> worst = worstClient(shards);
    if (worst.isPresent()) {
      worst.get().write(out);
    }
    for (String name : COPIED) {
      Path from = first.dir().resolve(name);
      if (Files.isRegularFile(from)) {
        Files.copy(from, out.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new Result(merged, RunReport.write(out));
  }

  private static boolean isEmptyFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }

  private static long originNanos(ShardFolders.Found s) {
    return s.info().shard().originEpochNanos();
  }

  /** Every shard's records, moved onto the common origin, and what they held. */
  private static final class Union {
    final Map<Integer, long[]> counts = new HashMap<>(); // completed, failed
    final Map<Integer, Map<String, Long>> firstIntended = new HashMap<>(); // on the common clock
    final List<String> notes = new ArrayList<>();

    void add(ShardFolders.Found s, long shiftNanos, RecordWriter out) throws IOException {
      long[] n = counts.computeIfAbsent(s.index(), k -> new long[2]);
      Map<String, Long> first =
          firstIntended.computeIfAbsent(s.index(), k -> new LinkedHashMap<>());
      Path file = s.dir().resolve(RunReport.RECORDS_FILE);
      if (!Files.isRegularFile(file)) {
        notes.add("Shard " + s.index() + " has no requests.jsonl in " + s.dir() + ".");
        return;
      }
      List<RecordReader.Skipped> skipped =
          RecordReader.read(
              file,
              r -> {
                RequestRecord moved = r.movedBy(shiftNanos);
                n[r.ok() ? 0 : 1]++;
                // When the load model meant the request to go: the start the barrier aligned,
                // apart from the client's own lateness, which its send lag shows.
                long start = moved.intendedNanos() >= 0 ? moved.intendedNanos() : moved.sentNanos();
                first.merge(r.cell(), start, Math::min);
                while (out.queued() > MAX_QUEUED) {
                  LockSupport.parkNanos(100_000); // the writer is behind: hold memory bounded
                }
                out.accept(moved);
              });
      if (!skipped.isEmpty()) {
        notes.add(
            "Shard "
                + s.index()
                + ": "
                + skipped.size()
                + " damaged record lines of "
                + file
                + " were skipped.");
      }
    }
  }

  private static MergedShards describe(
      RunInfo.ShardIdentity load, Map<Integer, ShardFolders.Found> shards, Union union)
      throws IOException {
    List<MergedShards.Entry> entries = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> cut = new ArrayList<>();
    for (int i = 0; i < load.count(); i++) {
      ShardFolders.Found s = shards.get(i);
      List<String> owed = owedCells(new Shard(i, load.count()), load.cells());
      if (s == null) {
        missing.add(Integer.toString(i));
        entries.add(new MergedShards.Entry(i, null, "missing", 0, 0, 0, owed.size(), null));
        continue;
      }
      int finished =
          (int) RunProgress.finishedCells(s.dir()).stream().filter(owed::contains).count();
      boolean complete = finished == owed.size();
      if (!complete) {
        cut.add(i + " (finished " + finished + " of its " + owed.size() + " cells)");
      }
      long[] n = union.counts.get(i);
      entries.add(
          new MergedShards.Entry(
              i,
              s.dir().toString(),
              complete ? "complete" : "cut",
              n[0],
              n[1],
              finished,
              owed.size(),
              ClientHealth.read(s.dir()).orElse(null)));
    }
    List<String> notes = new ArrayList<>();
    if (!missing.isEmpty()) {
      notes.add(
          "Shard"
              + (missing.size() == 1 ? " " : "s ")
              + String.join(", ", missing)
              + " of "
              + load.count()
              + " missing: the numbers cover only the load of the shards present.");
    }
    if (!cut.isEmpty()) {
      notes.add(
          "Cut short: shard "
              + String.join(", shard ", cut)
              + "; the cells it did not finish are under-loaded.");
    }
    Map<String, Double> spread = startSpread(load.cells(), union);
    spread.forEach(
        (cell, ms) -> {
          if (ms > START_SPREAD_NOTE_MS) {
            notes.add(
                String.format(
                    "The shards started cell %s %.1f ms apart (first requests' intended times),"
                        + " more than %.0f ms: its start was not common, and its window includes the"
                        + " gap.",
                    cell, ms, START_SPREAD_NOTE_MS));
          }
        });
    notes.addAll(union.notes);
    String covers =
        (load.count() - missing.size())
            + " of "
            + load.count()
            + " shards"
            + (missing.isEmpty() ? "" : "; missing: shard " + String.join(", ", missing))
            + (cut.isEmpty() ? "" : "; cut short: shard " + String.join(", shard ", cut));
    return new MergedShards(load.count(), covers, entries, spread, notes);
  }

  private static List<String> owedCells(Shard shard, List<CellSpec> cells) {
    return cells.stream().filter(c -> shard.share(c).isPresent()).map(CellSpec::name).toList();
  }

  /** Per cell, the gap between the first and the last shard's first intended send, in ms. */
  private static Map<String, Double> startSpread(List<CellSpec> cells, Union union) {
    Map<String, Double> spread = new LinkedHashMap<>();
    for (CellSpec cell : cells) {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      int seen = 0;
      for (Map<String, Long> first : union.firstIntended.values()) {
        Long t = first.get(cell.name());
        if (t != null) {
          min = Math.min(min, t);
          max = Math.max(max, t);
          seen++;
        }
      }
      if (seen > 1) {
        spread.put(cell.name(), Math.round((max - min) / 1e4) / 100.0);
      }
    }
    return spread;
  }

  /** The run's client health is its worst shard's: a saturated shard stamped late. */
  private static Optional<ClientHealth> worstClient(Map<Integer, ShardFolders.Found> shards)
      throws IOException {
    ClientHealth worst = null;
    for (ShardFolders.Found s : shards.values()) {
      Optional<ClientHealth> c = ClientHealth.read(s.dir());
      if (c.isPresent()
          && (worst == null || c.get().eventLoopLagMs().p99() > worst.eventLoopLagMs().p99())) {
        worst = c.get();
      }
    }
    return Optional.ofNullable(worst);
  }
}
