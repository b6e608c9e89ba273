package io.tokenload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.tokenload.workload.Arrivals;
import io.tokenload.workload.CellSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Turns a run's cells into Gatling populations that run one after another: per cell an optional
 * warm-up and a garbage collection, a closed cell's connections opened, the measured load, and an
 * optional cool-down pause; last, the run's verdict ({@link VerdictStep}).
 *
 * <ul>
 *   <li>Closed cells ({@code vllm bench serve --max-concurrency C --num-prompts N}): C users start
 *       at once; each sends its next request as soon as its last one ends, until N are taken (or
 *       the cell's duration is over). A request's intended time is when its user was ready.
 *   <li>Open cells ({@code --request-rate R --burstiness B}): one user per arrival, each waiting
 *       until its arrival time from a seeded gamma schedule; an optional cap holds requests while
 *       too many are in flight. A request's intended time is its arrival time, so any lateness of
 *       the client or the cap shows as send lag.
 * </ul>
 *
 * <p>In a sharded run each cell is this shard's part of it, and waits for the other shards at its
 * {@link CellStart} between warm-up and load.
 */
public final class LoadPlan {

  /** Warm-up prompts get their own seed, so they cannot pre-fill a prefix cache for the cell. */
  private static final long WARM_UP_SEED_OFFSET = 7_919;

  private LoadPlan() {}

  /** The run's pending cells as one chain of populations. */
  public static PopulationBuilder populations(
      RunContext run, int warmups, double cooldownSeconds, Consumer<String> progress) {
    List<CellSpec> cells = run.pendingCells();
    StatsBatch.flush(); // starts its thread now rather than at the first measured request's end
    if (cells.isEmpty()) {
      throw new IllegalStateException(
          "every cell of " + run.runDir() + " has finished; nothing to resume");
    }
    int offset = run.cells().size() - cells.size();
    List<PopulationBuilder> steps = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      CellSpec cell = cells.get(i);
      if (warmups > 0) {
        steps.add(warmUp(run, cell, warmups));
        steps.add(collectGarbage(cell));
      }
      if (!cell.open()) {
        steps.add(openConnections(run, cell));
      }
      CellTracker tracker =
          new CellTracker(run, cell, offset + i + 1, run.cells().size(), users(cell), progress);
      Optional<CellStart> start = run.sharding().start(cell);
      start.ifPresent(s -> steps.add(s.gate()));
      ChainBuilder hold = start.map(CellStart::hold).orElse(exec(session -> session));
      steps.add(cell.open() ? open(run, cell, tracker, hold) : closed(run, cell, tracker, hold));
      if (cooldownSeconds > 0 && i < cells.size() - 1) {
        steps.add(
            scenario("cool-down after " + cell.name())
                .exec(pause(Duration.ofMillis(Math.round(cooldownSeconds * 1000))))
                .injectOpen(atOnceUsers(1)));
      }
    }
    steps.add(VerdictStep.population(run));
    PopulationBuilder chain = steps.get(steps.size() - 1);
    for (int i = steps.size() - 2; i >= 0; i--) {
      chain = steps.get(i).andThen(chain);
    }
    return chain;
  }

  private static int users(CellSpec cell) {
    return cell.open() ? cell.requests() : Math.min(cell.concurrency(), cell.requests());
  }

  private static PopulationBuilder warmUp(RunContext run, CellSpec cell, int warmups) {
    CellSpec warm =
        new CellSpec(
            "warm-up " + cell.name(),
            cell.inputTokens(),
            cell.outputTokens(),
            Math.min(warmups, cell.concurrency()),
            warmups,
            cell.seed() + WARM_UP_SEED_OFFSET);
    AtomicInteger remaining = new AtomicInteger(warmups);
    return scenario("warm-up " + cell.name())
        .asLongAs(session -> remaining.getAndDecrement() > 0)
        .on(exec(Tokenload.stream(run, warm).warmUp()))
        .injectOpen(atOnceUsers(warm.concurrency()));
  }

  /**
   * Between warm-up and measurement, nothing in flight: the heap is collected (as JMH does between
   * iterations), so the measured requests start with an empty young generation and a run of minutes
   * allocates into it without a collection pausing the client mid-stream.
   */
  private static PopulationBuilder collectGarbage(CellSpec cell) {
    return scenario("collect garbage before " + cell.name())
        .exec(
            session -> {
              System.gc();
              return session;
            })
        .injectOpen(atOnceUsers(1));
  }

  /**
   * A closed cell's connections, one per stream, opened before its load ({@link Preconnect}). An
   * open cell's in-flight count follows its arrivals, so it opens them as it goes.
   */
  private static PopulationBuilder openConnections(RunContext run, CellSpec cell) {
    return scenario("connect for " + cell.name())
        .exec(new Preconnect(run, cell))
        .injectOpen(atOnceUsers(1));
  }

  private static PopulationBuilder closed(
      RunContext run, CellSpec cell, CellTracker tracker, ChainBuilder hold) {
    AtomicInteger remaining = new AtomicInteger(cell.requests());
    long durationNanos = Math.round(cell.durationSeconds() * 1e9);
    ChainBuilder user =
        hold.exec(
                session -> {
                  tracker.startNanos();
                  return session;
                })
            .asLongAs(
                session ->
                    (!cell.timeBounded()
                            || System.nanoTime() - tracker.startNanos() < durationNanos)
                        && remaining.getAndDecrement() > 0)
            .on(exec(Tokenload.stream(run, cell)))
            .exec(
                session -> {
                  StatsBatch.flush();
                  tracker.userDone();
                  return session;
                });
    return scenario("stream " + cell.name()).exec(user).injectOpen(atOnceUsers(users(cell)));
  }

  private static PopulationBuilder open(
      RunContext run, CellSpec cell, CellTracker tracker, ChainBuilder hold) {
    long[] arrivals =
        Arrivals.schedule(
            cell.requests(),
            cell.ratePerSecond(),
            cell.burstiness(),
            run.sharding().arrivalSeed(cell));
    long durationNanos =
        cell.timeBounded() ? Math.round(cell.durationSeconds() * 1e9) : Long.MAX_VALUE;
    AtomicInteger next = new AtomicInteger();
    StreamActionBuilder step = Tokenload.stream(run, cell).maxInFlight(cell.concurrency());
    ChainBuilder user =
        hold.exec(
                session -> {
                  long arrival = arrivals[next.getAndIncrement()];
                  return session
                      .set(StreamAction.INTENDED_NANOS, tracker.startNanos() + arrival)
                      .set("tokenload.due", arrival < durationNanos);
                })
            .doIf(session -> session.getBoolean("tokenload.due"))
            .then(
                pause(
                        session ->
                            Duration.ofNanos(
                                Math.max(
                                    0,
                                    session.getLong(StreamAction.INTENDED_NANOS)
                                        - System.nanoTime())))
                    .exec(step))
            .exec(
                session -> {
                  StatsBatch.flush();
                  tracker.userDone();
                  return session;
                });
    return scenario("stream " + cell.name()).exec(user).injectOpen(atOnceUsers(users(cell)));
  }
}
