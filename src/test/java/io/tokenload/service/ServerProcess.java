package io.tokenload.service;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tokenload server} in a JVM of its own, as a user starts it, so a test can kill it with
 * SIGKILL. Listens on a free port, which it prints; tasks run with the java launcher.
 */
final class ServerProcess {

  private static final Pattern LISTENING =
      Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/perf-eval");

  final Process process;
  final int port;
  final Path log;

  private ServerProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServerProcess start(Path dataDir, Path reportsDir, Path tokenFile, Path log)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "-Xmx512m"));
    command.addAll(
        List.of(
            "io.tokenload.cli.Main",
            "server",
            "--port",
            "0",
            "--data-dir",
            dataDir.toString(),
            "--reports-dir",
            reportsDir.toString(),
            "--token-file",
            tokenFile.toString(),
            "--launcher",
            "java"));
    Process p =
        new ProcessBuilder(command)
            .directory(new File("."))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return new ServerProcess(p, Integer.parseInt(m.group(1)), log);
      }
      if (!p.isAlive()) {
        break;
      }
      Thread.sleep(50);
    }
    p.destroyForcibly();
    throw new AssertionError("the server did not start:\n" + Files.readString(log));
  }

  void kill() throws InterruptedException {
    process.destroyForcibly(); // SIGKILL: no shutdown hook runs
    process.waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the shutdown hook stops running children. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
