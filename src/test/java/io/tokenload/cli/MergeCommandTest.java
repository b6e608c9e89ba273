package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenload merge}'s usage errors: one line naming what was wrong, exit code 2. */
class MergeCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int merge(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "merge";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(
        all,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String firstErrorLine() {
    return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void mergingNothingIsAUsageError() {
    assertEquals(2, merge("--out", dir.resolve("m").toString()));
    assertEquals(
        "tokenload merge: nothing to merge: give the shards' run folders, or a folder that holds"
            + " them",
        firstErrorLine());
  }

  @Test
  void aMissingOutIsAUsageError() {
    assertEquals(2, merge(dir.toString()));
    assertEquals(
        "tokenload merge: --out RUN_DIR is missing: name the merged run folder", firstErrorLine());
  }

  @Test
  void aFolderWithoutRunsIsAUsageError() throws Exception {
    Files.createDirectories(dir.resolve("empty"));

    assertEquals(2, merge(dir.resolve("empty").toString(), "--out", dir.resolve("m").toString()));
    assertTrue(
        firstErrorLine().endsWith("holds no run.json and no run folder; give a shard's run folder"),
        firstErrorLine());
  }

  @Test
  void aShardFolderThatIsNotAFolderIsAUsageError() {
    assertEquals(2, merge(dir.resolve("nope").toString(), "--out", dir.resolve("m").toString()));
    assertTrue(firstErrorLine().endsWith("nope is not a folder; give a shard's run folder"));
  }
}
