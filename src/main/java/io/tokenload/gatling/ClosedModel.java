package io.tokenload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.tokenload.workload.CellSpec;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The closed load model of {@code vllm bench serve --max-concurrency C --num-prompts N}: exactly N
 * requests, at most C in flight. C virtual users start at once; each sends its next request as
 * soon as its previous one ends, until the cell's N are taken.
 */
public final class ClosedModel {

  /** Warm-up prompts get their own seed, so they cannot pre-fill a prefix cache for the cell. */
  private static final long WARM_UP_SEED_OFFSET = 7_919;

  private ClosedModel() {}

  /** The cell's population, preceded by {@code warmups} requests left out of every statistic. */
  public static PopulationBuilder population(RunContext run, CellSpec cell, int warmups) {
    PopulationBuilder measured = users(run, cell, "stream " + cell.name(), false);
    if (warmups == 0) {
      return measured;
    }
    CellSpec warmCell =
        new CellSpec(
            "warm-up " + cell.name(),
            cell.inputTokens(),
            cell.outputTokens(),
            Math.min(warmups, cell.concurrency()),
            warmups,
            cell.seed() + WARM_UP_SEED_OFFSET);
    return users(run, warmCell, "warm-up " + cell.name(), true).andThen(measured);
  }

  private static PopulationBuilder users(RunContext run, CellSpec cell, String name, boolean warmUp) {
    AtomicInteger remaining = new AtomicInteger(cell.requests());
    StreamActionBuilder step = Tokenload.stream(run, cell);
    ScenarioBuilder scenario =
        scenario(name)
            .asLongAs(session -> remaining.getAndDecrement() > 0)
            .on(exec(warmUp ? step.warmUp() : step));
    return scenario.injectOpen(atOnceUsers(cell.concurrency()));
  }
}
