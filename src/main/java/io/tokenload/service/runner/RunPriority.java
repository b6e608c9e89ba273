package io.tokenload.service.runner;

import io.tokenload.priority.ThreadPriority;
import java.util.Set;

/**
 * Keeps the service's own work behind its runs on the CPU. A run's timing is only as good as its
 * client's access to the cores, and the service shares them with it: answering hundreds of
 * followers, writing the database, rendering pages. Linux gives every thread its own nice value,
 * and a process inherits the value of the thread that started it. So the service raises the nice
 * value of each of its threads except the task slots, which start the runs: a run's child keeps
 * nice 0 and is served first when both want a core, while the service still gets whatever the run
 * leaves. Threads made later inherit their maker's value, so the web server's new workers are niced
 * too ({@link ThreadPriority}: only on Linux).
 */
public final class RunPriority {

  /** The default: a thread at nice 10 gets about a tenth of a thread at 0 when both want a core. */
  public static final int DEFAULT_NICE = 10;

  private RunPriority() {}

  /**
   * Sets {@code nice} on every thread of this process but {@code keep}, the task slots; returns how
   * many threads it changed, or a reason it could not.
   */
  public static String lowerAllBut(Set<Long> keep, int nice) {
    ThreadPriority.Outcome done = ThreadPriority.lowerAllBut(t -> keep.contains(t.id()), nice);
    if (done.failure() != null) {
      return done.failure() + ": the service's threads keep their priority";
    }
    return done.lowered()
        + " service threads at nice "
        + nice
        + ", the "
        + done.kept()
        + " task slots at 0";
  }
}
