package io.tokenload.priority;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which CPUs this process's threads run on, thread by thread (Linux's CPU affinity, set with {@code
 * taskset} from util-linux). A thread made later inherits the CPUs of the thread that made it. Only
 * on Linux ({@code /proc/self}); elsewhere nothing changes and the reason is returned.
 */
public final class ThreadPlacement {

  private static final Path STATUS = Path.of("/proc/self/status");
  private static final String ALLOWED = "Cpus_allowed_list:";

  /**
   * What {@link #setApart} did.
   *
   * @param apartCpus the CPUs given to the threads set apart
   * @param otherCpus the CPUs left to the other threads
   * @param failure null when taskset ran; else why nothing was placed
   */
  public record Outcome(List<Integer> apartCpus, List<Integer> otherCpus, String failure) {
    static Outcome failed(String why) {
      return new Outcome(List.of(), List.of(), why);
    }
  }

  private ThreadPlacement() {}

  /**
   * Gives the threads {@code apart} accepts the first of this process's CPUs, one per thread, and
   * moves every other thread to the CPUs left, except those {@code everywhere} accepts, which may
   * run on all of them. Nothing changes when there are no more CPUs than threads to set apart.
   */
  public static Outcome setApart(
      Predicate<KernelThread> apart, Predicate<KernelThread> everywhere) {
    if (!Files.isDirectory(KernelThread.TASKS)) {
      return Outcome.failed("not on Linux");
    }
    List<Integer> cpus;
    List<KernelThread> tasks;
    try {
      cpus = allowedCpus();
      tasks = KernelThread.ofThisProcess();
    } catch (IOException | IllegalArgumentException e) {
      return Outcome.failed("could not read this process's CPUs or threads: " + e.getMessage());
    }
    List<KernelThread> setApart = tasks.stream().filter(apart).toList();
    if (setApart.isEmpty() || cpus.size() <= setApart.size()) {
      return Outcome.failed(
          cpus.size()
              + " CPU(s) for "
              + setApart.size()
              + " thread(s) to set apart: none to spare");
    }
    List<Integer> apartCpus = cpus.subList(0, setApart.size());
    List<Integer> otherCpus = cpus.subList(setApart.size(), cpus.size());
    List<List<String>> commands = new ArrayList<>();
    commands.add(taskset(otherCpus, ProcessHandle.current().pid(), "-a"));
    setApart.forEach(t -> commands.add(taskset(apartCpus, t.id())));
    tasks.stream().filter(everywhere).forEach(t -> commands.add(taskset(cpus, t.id())));
    for (List<String> command : commands) {
      String failure = SystemTool.run(command);
      if (failure != null) {
        return Outcome.failed(failure);
      }
    }
    return new Outcome(apartCpus, otherCpus, null);
  }

  /**
   * After {@link #setApart} gave {@code placed}: moves the threads made since, which took the CPUs
   * of the thread that made them, to the CPUs of the other threads, one by one (no thread set apart
   * moves meanwhile). Returns how many it moved, or -1 when it could not read the threads.
   */
  public static int placeNewThreads(
      Outcome placed, Predicate<KernelThread> apart, Predicate<KernelThread> everywhere) {
    if (placed.failure() != null) {
      return 0;
    }
    String others = join(placed.otherCpus());
    int moved = 0;
    try {
      for (KernelThread t : KernelThread.ofThisProcess()) {
        if (apart.test(t) || everywhere.test(t) || others.equals(cpusOf(t))) {
          continue;
        }
        if (SystemTool.run(taskset(placed.otherCpus(), t.id())) == null) {
          moved++;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return moved;
  }

  /** A thread's CPUs, canonical as {@link #join} makes them; empty when it has ended. */
  private static String cpusOf(KernelThread t) {
    try {
      return join(cpusIn(KernelThread.TASKS.resolve(Long.toString(t.id())).resolve("status")));
    } catch (IOException | IllegalArgumentException | java.io.UncheckedIOException e) {
      return ""; // the thread has ended, or reads oddly: moved, which does no harm
    }
  }

  /** The CPUs this process may use, from {@code /proc/self/status}. */
  static List<Integer> allowedCpus() throws IOException {
    return cpusIn(STATUS);
  }

  /** The CPUs a {@code status} file of {@code /proc} allows. */
  private static List<Integer> cpusIn(Path status) throws IOException {
    try (Stream<String> lines = Files.lines(status)) {
      String list =
          lines
              .filter(l -> l.startsWith(ALLOWED))
              .findFirst()
              .orElseThrow(() -> new IOException("no " + ALLOWED + " in " + status))
              .substring(ALLOWED.length())
              .strip();
      return parseCpuList(list);
    }
  }

  /**
   * The CPUs of a kernel CPU list ({@code 0-3,8,10-11}), in order.
   *
   * @throws IllegalArgumentException naming the part that is not a number or a range
   */
  static List<Integer> parseCpuList(String list) {
    List<Integer> cpus = new ArrayList<>();
    for (String part : list.split(",")) {
      String[] range = part.strip().split("-", -1);
      try {
        int from = Integer.parseInt(range[0]);
        int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
        if (range.length > 2 || from < 0 || to < from) {
          throw new NumberFormatException();
        }
        for (int cpu = from; cpu <= to; cpu++) {
          cpus.add(cpu);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "'" + part + "' in the CPU list '" + list + "' is not a CPU or a range like 0-3");
      }
    }
    return cpus;
  }

  /**
   * {@code taskset -p -c CPUS ID}: one thread; with {@code -a} first, every thread of a process.
   */
  private static List<String> taskset(List<Integer> cpus, long id, String... first) {
    List<String> command = new ArrayList<>(List.of("taskset"));
    command.addAll(List.of(first));
    command.addAll(List.of("-p", "-c", join(cpus), Long.toString(id)));
    return command;
  }

  private static String join(List<Integer> cpus) {
    return cpus.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
