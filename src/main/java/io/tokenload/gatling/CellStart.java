package io.tokenload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.tokenload.shard.StartBarrier;
import io.tokenload.workload.CellSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The common start of one cell of a sharded run. A gate population, after the cell's warm-up, notes
 * this shard's arrival at the barrier and polls until every shard with a part of the cell has
 * arrived (or the timeout, which stops this shard with the missing ones named); it then knows the
 * cell's start instant. Every user of the cell pauses until that instant before its first request,
 * so the cell starts on a timer, not when Gatling gets round to the next population.
 */
final class CellStart {

  private static final Logger LOG = LoggerFactory.getLogger(CellStart.class);
  private static final Duration POLL = Duration.ofMillis(10);

  private final CellSpec cell;
  private final int position;
  private final int expected;
  private final Optional<Instant> at;
  private final Optional<StartBarrier> barrier;
  private final Duration timeout;
  private volatile long goNanos;
  private volatile String failure;

  CellStart(
      CellSpec cell,
      int position,
      int expected,
      Optional<Instant> at,
      Optional<StartBarrier> barrier,
      Duration timeout) {
    this.cell = cell;
    this.position = position;
    this.expected = expected;
    this.at = at;
    this.barrier = barrier;
    this.timeout = timeout;
  }

  /** One user that arrives at the barrier and waits until the cell's start is known. */
  PopulationBuilder gate() {
    long[] arrivedNanos = {0};
    return scenario("start " + cell.name())
        .exec(
            session -> {
              barrier.ifPresent(b -> b.arrive(position));
              arrivedNanos[0] = System.nanoTime();
              return session;
            })
        .asLongAs(session -> !settled(arrivedNanos[0]))
        .on(pause(POLL))
        .exec(stopLoadGeneratorIf(session -> failure, session -> failure != null))
        .injectOpen(atOnceUsers(1));
  }

  /** A pause until the cell's start, for the front of every user's chain. */
  ChainBuilder hold() {
    return exec(pause(session -> Duration.ofNanos(Math.max(0, goNanos - System.nanoTime()))));
  }

  private boolean settled(long arrivedNanos) {
    Optional<Instant> start = barrier.isEmpty() ? at : barrier.get().start(position, expected);
    if (start.isPresent()) {
      Instant go = at.filter(a -> a.isAfter(start.get())).orElse(start.get());
      goNanos = System.nanoTime() + Duration.between(Instant.now(), go).toNanos();
      return true;
    }
    if (System.nanoTime() - arrivedNanos > timeout.toNanos()) {
      failure = barrier.get().timeoutMessage(position, cell.name(), expected, timeout);
      LOG.error(failure);
      goNanos = System.nanoTime();
      return true;
    }
    return false;
  }
}
