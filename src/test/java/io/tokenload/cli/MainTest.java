package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.local.gguf.GgufHeader;
import io.tokenload.local.gguf.TinyModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String errors() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void unknownCommandIsAUsageErrorListingTheCommands() {
    assertEquals(2, run("reprot"));
    assertTrue(errors().contains("commands: report, compare, gate, serve"), errors());
  }

  @Test
  void reportOnAMissingFolderIsAUsageError() {
    assertEquals(2, run("report", "no/such/run"));
    assertTrue(errors().contains("no/such/run is not a folder"), errors());
  }

  @Test
  void reportOnAFolderThatIsNotARunFails(@TempDir Path dir) {
    assertEquals(1, run("report", dir.toString()));
    assertTrue(errors().contains("run.json does not exist"), errors());
  }

  @Test
  void writeTinyModelWritesAModelThatNamesItselfAndKeepsExistingFiles(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("tiny.gguf");
    assertEquals(0, run("write-tiny-model", file.toString(), "--seed", "3"), errors());
    assertEquals(TinyModel.NAME, GgufHeader.read(file).name());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("serve --engine llamacpp --model"));

    assertEquals(2, run("write-tiny-model", file.toString()));
    assertTrue(errors().contains(file + " exists; --force overwrites it"), errors());
    assertEquals(0, run("write-tiny-model", file.toString(), "--force"), errors());
  }

  @Test
  void serveRejectsABadPortNamingTheOption() {
    assertEquals(2, run("serve", "--port", "70000"));
    assertTrue(errors().contains("--port was '70000'"), errors());
  }
}
