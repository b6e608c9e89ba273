package io.tokenload.priority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Nice values of this process's threads, one by one. Linux gives every thread its own nice value; a
 * thread made later inherits the value of the thread that made it. Raising one's own threads'
 * values is always allowed, lowering them again is not, so callers only ever raise them. Only on
 * Linux ({@code /proc/thread-self}); elsewhere nothing changes and the reason is returned.
 */
public final class ThreadPriority {

  private static final Path THREAD_SELF = Path.of("/proc/thread-self");

  /**
   * What {@link #lowerAllBut} did: how many threads it set and kept, or why it set none.
   *
   * @param failure null when renice ran
   */
  public record Outcome(int lowered, int kept, String failure) {
    static Outcome failed(String why) {
      return new Outcome(0, 0, why);
    }
  }

  private ThreadPriority() {}

  /** The calling thread's id in the kernel, empty where {@code /proc/thread-self} is missing. */
  public static OptionalLong currentThreadId() {
    try {
      // A link to "<pid>/task/<tid>".
      return OptionalLong.of(
          Long.parseLong(Files.readSymbolicLink(THREAD_SELF).getFileName().toString()));
    } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /** Sets {@code nice} on every thread of this process that {@code keep} does not accept. */
  public static Outcome lowerAllBut(Predicate<KernelThread> keep, int nice) {
    if (!Files.isDirectory(KernelThread.TASKS)) {
      return Outcome.failed("not on Linux");
    }
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    int kept = 0;
    try {
      for (KernelThread t : KernelThread.ofThisProcess()) {
        if (keep.test(t)) {
          kept++;
        } else {
          command.add(Long.toString(t.id()));
        }
      }
    } catch (IOException e) {
      return Outcome.failed("could not list the threads: " + e.getMessage());
    }
    int threads = command.size() - 4;
    String failure = SystemTool.run(command);
    return failure != null ? Outcome.failed(failure) : new Outcome(threads, kept, null);
  }
}
