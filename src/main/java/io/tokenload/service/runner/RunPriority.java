package io.tokenload.service.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keeps the service's own work behind its runs on the CPU. A run's timing is only as good as its
 * client's access to the cores, and the service shares them with it: answering hundreds of
 * followers, writing the database, rendering pages. Linux gives every thread its own nice value,
 * and a process inherits the value of the thread that started it. So the service raises the nice
 * value of each of its threads except the task slots, which start the runs: a run's child keeps
 * nice 0 and is served first when both want a core, while the service still gets whatever the run
 * leaves. Threads made later inherit their maker's value, so the web server's new workers are niced
 * too. Only on Linux ({@code /proc/thread-self}); elsewhere, nothing changes.
 */
public final class RunPriority {

  /** The default: a thread at nice 10 gets about a tenth of a thread at 0 when both want a core. */
  public static final int DEFAULT_NICE = 10;

  private static final Path THREAD_SELF = Path.of("/proc/thread-self");
  private static final Path TASKS = Path.of("/proc/self/task");

  private RunPriority() {}

  /** The calling thread's id in the kernel, empty where {@code /proc/thread-self} is missing. */
  static OptionalLong currentThreadId() {
    try {
      // A link to "<pid>/task/<tid>".
      return OptionalLong.of(
          Long.parseLong(Files.readSymbolicLink(THREAD_SELF).getFileName().toString()));
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Sets {@code nice} on every thread of this process but {@code keep}; returns how many threads it
   * changed, or a reason it could not.
   */
  public static String lowerAllBut(Set<Long> keep, int nice) {
    if (!Files.isDirectory(TASKS)) {
      return "not on Linux: the service's threads keep their priority";
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks
          .map(p -> p.getFileName().toString())
          .filter(tid -> !keep.contains(Long.parseLong(tid)))
          .forEach(command::add);
    } catch (IOException e) {
      return "could not list the service's threads: " + e.getMessage();
    }
    int threads = command.size() - 4;
    try {
      Process renice =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // Raising one's own nice value is always allowed; a non-zero exit only means that a thread
      // ended between the listing and renice.
      if (!renice.waitFor(10, TimeUnit.SECONDS)) {
        renice.destroyForcibly();
        return "renice did not answer in 10 s: the service's threads keep their priority";
      }
    } catch (IOException e) {
      return "renice is missing ("
          + e.getMessage()
          + "): the service's threads keep their priority";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
    return threads
        + " service threads at nice "
        + nice
        + ", the "
        + keep.size()
        + " task slots at 0";
  }
}
