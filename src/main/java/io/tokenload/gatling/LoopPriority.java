package io.tokenload.gatling;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.tokenload.local.LlamaBackend;
import io.tokenload.priority.KernelThread;
import io.tokenload.priority.ThreadPlacement;
import io.tokenload.priority.ThreadPriority;
import io.tokenload.simulator.TargetServer;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts every thread of the client's JVM behind its event loops on the CPU, once the loops run: the
 * loops stamp arrivals, and anything that takes their core holds every stream's reads. Gatling's
 * writers, the record writer and the statistics' thread go to nice {@value #NICE}; the loops keep
 * 0, as do the collector's, the compiler's and an in-process target's threads. A side thread at
 * nice 10 still gets what the loops leave, about a tenth of a core when both want one, in short
 * slices: before, a side thread busy for a while shared the loop's core in slices of up to 12 ms,
 * and the run saw its loop 15 to 20 ms late (docs/performance.md).
 *
 * <p>Where the JVM may use more CPUs than it has loops, the loops then get CPUs of their own and
 * every other thread the rest ({@link ThreadPlacement}), but for the collector's, which runs while
 * the loops are stopped anyway. Nice values alone left two things on the loop's core: an in-process
 * target woken by a request (the kernel runs the woken thread where its waker runs, so the first
 * send of every round waited 0.2 to 0.3 ms for the target's work), and the compiler at the first
 * measured rounds, which held the loop for milliseconds. Send lag p99 in a 128 × 128 run at 8
 * streams went from 1.2-1.8 ms to about 0.5 ms (docs/performance.md).
 */
final class LoopPriority {

  static final int NICE = 10;

  /**
   * Threads kept at 0 besides the loops, by name: the collector's (they run while every other
   * thread is stopped), the JIT compiler's (niced, it fell behind while the loops were busy and
   * left the per-request code interpreted for seconds into the measured requests) and an in-process
   * target's or backend's, which time the answers measured.
   */
  private static final List<String> KEPT =
      List.of(
          "GC Thread",
          "VM Thread",
          "C1 CompilerThread",
          "C2 CompilerThread",
          TargetServer.LOOP_THREADS,
          TargetServer.ENGINE_THREAD,
          LlamaBackend.STREAM_THREAD);

  /**
   * Threads that may run on every CPU when the loops get CPUs of their own: the collector's and the
   * VM's run while every other thread is stopped, so they take nothing from the loops.
   */
  private static final List<String> EVERYWHERE = List.of("GC Thread", "VM Thread");

  private static final Logger LOG = LoggerFactory.getLogger(LoopPriority.class);

  private static volatile Set<Long> loopThreads;
  private static volatile ThreadPlacement.Outcome placed;

  private LoopPriority() {}

  /**
   * Asks each loop for its thread's kernel id, then raises every other thread's nice value and sets
   * the loops apart ({@link ThreadPlacement}).
   */
  static void favour(EventLoopGroup loops) {
    Set<Long> loopThreads = ConcurrentHashMap.newKeySet();
    LoopPriority.loopThreads = loopThreads;
    int count = 0;
    for (EventExecutor ignored : loops) {
      count++;
    }
    AtomicInteger left = new AtomicInteger(count);
    for (EventExecutor loop : loops) {
      loop.execute(
          () -> {
            ThreadPriority.currentThreadId().ifPresent(loopThreads::add);
            if (left.decrementAndGet() == 0) {
              offTheLoops(() -> lower(loopThreads));
            }
          });
    }
  }

  /**
   * Once more, as the load begins: threads made since {@link #favour} (Gatling makes its pools as
   * the simulation starts) took the nice value and CPUs of the thread that made them.
   */
  static void again() {
    Set<Long> loops = loopThreads;
    if (loops == null) {
      return;
    }
    offTheLoops(
        () -> {
          renice(loops);
          ThreadPlacement.Outcome done = placed;
          if (done != null) {
            int moved = ThreadPlacement.placeNewThreads(done, loop(loops), everywhere());
            LOG.debug("{} threads made since moved to CPU {}", moved, done.otherCpus());
          }
        });
  }

  /** renice and taskset are processes of their own: started from a thread off the loops. */
  private static void offTheLoops(Runnable work) {
    Thread t = new Thread(work, "tokenload-priority");
    t.setDaemon(true);
    t.start();
  }

  private static Predicate<KernelThread> loop(Set<Long> loopThreads) {
    return t -> loopThreads.contains(t.id());
  }

  private static Predicate<KernelThread> everywhere() {
    return t -> EVERYWHERE.stream().anyMatch(t::named);
  }

  private static ThreadPriority.Outcome renice(Set<Long> loopThreads) {
    return ThreadPriority.lowerAllBut(
        loop(loopThreads).or(t -> KEPT.stream().anyMatch(t::named)), NICE);
  }

  private static void lower(Set<Long> loopThreads) {
    ThreadPriority.Outcome done = renice(loopThreads);
    if (done.failure() != null) {
      LOG.info("the client's threads keep their priority: {}", done.failure());
    } else {
      LOG.info(
          "{} client threads at nice {}, the event loops and the collector's {} at 0",
          done.lowered(),
          NICE,
          done.kept());
    }
    ThreadPlacement.Outcome placed = ThreadPlacement.setApart(loop(loopThreads), everywhere());
    LoopPriority.placed = placed;
    if (placed.failure() != null) {
      LOG.info(
          "the event loops share the CPUs with the client's other threads: {}", placed.failure());
    } else {
      LOG.info(
          "the event loops on CPU {}, the client's other threads on CPU {}",
          placed.apartCpus(),
          placed.otherCpus());
    }
  }
}
