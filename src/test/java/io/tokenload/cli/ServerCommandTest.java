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

/** {@code tokenload server}'s bad flags: one line naming the flag, exit 2, nothing started. */
class ServerCommandTest {

  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int server(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "server";
    System.arraycopy(args, 0, all, 1, args.length);
    return Main.run(
        all,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String firstLine() {
    return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
  }

  @Test
  void aPortOutOfRangeIsRefused() {
    assertEquals(2, server("--port", "70000", "--data-dir", dir.toString()));
    assertEquals(
        "tokenload server: --port was '70000'; allowed: a number from 0 to 65535", firstLine());
  }

  @Test
  void anUnknownLauncherIsRefused() {
    assertEquals(2, server("--launcher", "docker", "--data-dir", dir.toString()));
    assertEquals(
        "tokenload server: --launcher was 'docker'; allowed: auto, maven, java", firstLine());
  }

  @Test
  void aMissingTokenFileIsRefused() {
    Path missing = dir.resolve("nope");
    assertEquals(2, server("--token-file", missing.toString(), "--data-dir", dir.toString()));
    assertEquals("tokenload server: --token-file " + missing + " does not exist", firstLine());
  }

  @Test
  void anEmptyTokenFileIsRefused() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertEquals(2, server("--token-file", empty.toString(), "--data-dir", dir.toString()));
    assertTrue(firstLine().endsWith("must hold the token on one line; it is empty"), firstLine());
  }

  @Test
  void aMissingModelRegistryIsRefused() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "t\n");
    assertEquals(
        2,
        server(
            "--token-file",
            token.toString(),
            "--models",
            dir.resolve("m.json").toString(),
            "--data-dir",
            dir.toString()));
    assertTrue(
        firstLine().contains("m.json does not exist; the model registry is a file such as"),
        firstLine());
  }
}
