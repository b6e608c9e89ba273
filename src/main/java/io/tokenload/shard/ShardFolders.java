package io.tokenload.shard;

import io.tokenload.report.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The shard folders a merge is given, found and checked: each has a {@code run.json} with a shard
 * section, all belong to one run definition, and no index appears twice. A folder that holds no
 * {@code run.json} but run folders (the shared output folder of a cluster run) stands for them.
 */
final class ShardFolders {

  /** One shard's folder and what its {@code run.json} says. */
  record Found(Path dir, RunInfo info) {
    int index() {
      return info.shard().index();
    }
  }

  private ShardFolders() {}

  /** The shards of {@code inputs}, by index. */
  static Map<Integer, Found> find(List<Path> inputs) throws MergeException, IOException {
    List<Path> dirs = new ArrayList<>();
    for (Path input : inputs) {
      dirs.addAll(expand(input));
    }
    if (dirs.isEmpty()) {
      throw new MergeException(
          "nothing to merge: give the shards' run folders, or a folder that holds them");
    }
    Map<Integer, Found> byIndex = new TreeMap<>();
    Found first = null;
    for (Path dir : dirs) {
      Found f = new Found(dir, read(dir));
      if (first == null) {
        first = f;
      } else {
        sameRun(first, f);
      }
      Found twice = byIndex.put(f.index(), f);
      if (twice != null) {
        throw new MergeException(
            "shard " + f.index() + " appears twice: " + twice.dir() + " and " + dir);
      }
    }
    return byIndex;
  }

  private static List<Path> expand(Path input) throws MergeException, IOException {
    if (!Files.isDirectory(input)) {
      throw new MergeException(input + " is not a folder; give a shard's run folder");
    }
    if (Files.isRegularFile(input.resolve(RunInfo.FILE))) {
      return List.of(input);
    }
    try (Stream<Path> s = Files.list(input)) {
      List<Path> runs =
          s.filter(p -> Files.isRegularFile(p.resolve(RunInfo.FILE))).sorted().toList();
      if (runs.isEmpty()) {
        throw new MergeException(
            input + " holds no " + RunInfo.FILE + " and no run folder; give a shard's run folder");
      }
      return runs;
    }
  }

  private static RunInfo read(Path dir) throws MergeException {
    RunInfo info;
    try {
      info = RunInfo.read(dir);
    } catch (IOException e) {
      throw new MergeException(
          dir.resolve(RunInfo.FILE)
              + " cannot be read: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    if (info.shard() == null) {
      throw new MergeException(
          dir
              + " is not a shard: its "
              + RunInfo.FILE
              + " has no shard section (run each part with -Dshard.count and -Dshard.index)");
    }
    return info;
  }

  /** Fails unless {@code b} is a shard of the same load as {@code a}, naming what differs. */
  private static void sameRun(Found a, Found b) throws MergeException {
    RunInfo x = a.info();
    RunInfo y = b.info();
    Map<String, Object[]> fields = new TreeMap<>();
    fields.put("shard count", new Object[] {x.shard().count(), y.shard().count()});
    fields.put("cells", new Object[] {x.shard().cells(), y.shard().cells()});
    fields.put("simulation", new Object[] {x.simulation(), y.simulation()});
    fields.put("target", new Object[] {x.target(), y.target()});
    fields.put("model", new Object[] {x.model(), y.model()});
    fields.put("api", new Object[] {x.api(), y.api()});
    fields.put("flavour", new Object[] {x.flavour(), y.flavour()});
    fields.put("slo", new Object[] {x.slo(), y.slo()});
    fields.put("tokenizer", new Object[] {x.tokenizer(), y.tokenizer()});
    fields.put("warm-up requests", new Object[] {x.warmupRequests(), y.warmupRequests()});
    for (Map.Entry<String, Object[]> f : fields.entrySet()) {
      if (!Objects.equals(f.getValue()[0], f.getValue()[1])) {
        throw new MergeException(
            a.dir()
                + " and "
                + b.dir()
                + " are shards of different run definitions: their "
                + f.getKey()
                + " differ"
                + (f.getKey().equals("cells")
                    ? ""
                    : " (" + f.getValue()[0] + " and " + f.getValue()[1] + ")"));
      }
    }
  }
}
