package io.tokenload.service.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a child and everything it started: Maven forks the Gatling JVM, so stopping {@code mvn}
 * alone would leave the run going.
 */
final class ProcessTree {

  private ProcessTree() {}

  /** SIGTERM to the tree, children first; SIGKILL to what is left after {@code graceSeconds}. */
  static void stop(ProcessHandle root, long graceSeconds) {
    List<ProcessHandle> tree =
        java.util.stream.Stream.concat(root.descendants(), java.util.stream.Stream.of(root))
            .toList();
    tree.forEach(ProcessHandle::destroy);
    for (ProcessHandle h : tree) {
      try {
        CompletableFuture<ProcessHandle> exit = h.onExit();
        exit.get(graceSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException | ExecutionException e) {
        h.destroyForcibly();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        h.destroyForcibly();
      }
    }
  }

  /**
   * Stops the process {@code pid} if it still runs and its command line names {@code dir}: after a
   * crash of the service its child may still run, but the id may since belong to another program.
   */
  static boolean stopOrphan(long pid, Path dir) {
    return ProcessHandle.of(pid)
        .filter(h -> mentions(commandLine(h), dir))
        .map(
            h -> {
              stop(h, 5);
              return true;
            })
        .orElse(false);
  }

  /**
   * The whole command line: Linux's {@code /proc/<pid>/cmdline} when there is one, since {@link
   * ProcessHandle.Info#commandLine()} stops at 4,096 characters.
   */
  static String commandLine(ProcessHandle h) {
    Path proc = Path.of("/proc", Long.toString(h.pid()), "cmdline");
    try {
      return new String(Files.readAllBytes(proc), StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | UnsupportedOperationException e) {
      return h.info().commandLine().orElse("");
    }
  }

  /** Whether an argument of {@code commandLine} is {@code dir} or lies inside it. */
  static boolean mentions(String commandLine, Path dir) {
    String d = dir.toAbsolutePath().toString();
    for (String arg : commandLine.split(" ")) {
      String value = arg.substring(arg.indexOf('=') + 1);
      if (value.equals(d) || value.startsWith(d + "/")) {
        return true;
      }
    }
    return false;
  }
}
