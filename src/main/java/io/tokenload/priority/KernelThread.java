package io.tokenload.priority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A thread of this process as the kernel lists it: its id and its name (15 characters at most).
 *
 * @param id the thread's id in the kernel ({@code /proc/self/task/<id>})
 * @param name the thread's name, empty when it ended while being listed
 */
public record KernelThread(long id, String name) {

  static final Path TASKS = Path.of("/proc/self/task");

  /** Whether {@code prefix} starts this thread's name, as far as the kernel keeps it. */
  public boolean named(String prefix) {
    return name.startsWith(prefix.substring(0, Math.min(prefix.length(), 15)));
  }

  /** Every thread of this process now; Linux only. */
  static List<KernelThread> ofThisProcess() throws IOException {
    List<KernelThread> threads = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        threads.add(new KernelThread(Long.parseLong(task.getFileName().toString()), name(task)));
      }
    }
    return threads;
  }

  private static String name(Path task) {
    try {
      return Files.readString(task.resolve("comm")).strip();
    } catch (IOException e) {
      return ""; // the thread has ended
    }
  }
}
