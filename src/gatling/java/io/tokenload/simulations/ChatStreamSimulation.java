package io.tokenload.simulations;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation.SetUp;
import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.Tokenload;
import io.tokenload.report.RunReport;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N streamed requests with at most C in flight, at fixed input and output lengths: one cell of
 * the run_1k_4k matrix, like {@code vllm bench serve --max-concurrency C --num-prompts N}.
 *
 * <pre>
 * mvn gatling:test -Dsimulation=ChatStreamSimulation -Drequests=64 -Dconcurrency=8 \
 *     -Dinput.tokens=128 -Doutput.tokens=128
 * </pre>
 *
 * <p>With no {@code -Dbase.url} it starts the embedded target in-process and stops it at the end.
 * Warm-up requests (default: one per concurrent user) go first, with their own prompts, and stay
 * out of every statistic. See {@link RunSettings} for every property.
 */
public class ChatStreamSimulation extends Simulation {

  private final RunSettings settings = RunSettings.from(Props.system(), System.getenv());
  private final CellSpec cell =
      CellSpec.of(
          settings.inputTokens(),
          settings.outputTokens(),
          settings.concurrency(),
          settings.requests(),
          settings.seed());
  private final RunContext run = open(settings, cell);

  {
    AtomicInteger remaining = new AtomicInteger(settings.requests());
    ScenarioBuilder measured =
        scenario("stream " + cell.name())
            .asLongAs(session -> remaining.getAndDecrement() > 0)
            .on(exec(Tokenload.stream(run, cell)));
    PopulationBuilder load = measured.injectOpen(atOnceUsers(settings.concurrency()));

    int warmups = settings.warmupRequests();
    SetUp setUp;
    if (warmups == 0) {
      setUp = setUp(load);
    } else {
      // Own seed: warm-up prompts must not pre-fill a prefix cache for the measured ones.
      CellSpec warmCell =
          new CellSpec("warm-up", cell.inputTokens(), cell.outputTokens(), cell.concurrency(), warmups, cell.seed() + 7_919);
      AtomicInteger warmRemaining = new AtomicInteger(warmups);
      ScenarioBuilder warmUp =
          scenario("warm-up")
              .asLongAs(session -> warmRemaining.getAndDecrement() > 0)
              .on(exec(Tokenload.stream(run, warmCell).warmUp()));
      setUp = setUp(warmUp.injectOpen(atOnceUsers(Math.min(warmups, settings.concurrency()))).andThen(load));
    }
    if (settings.strictLengths()) {
      // A request whose usage shows another length than asked is failed; any failure fails the run.
      setUp.assertions(global().failedRequests().count().is(0L));
    }
  }

  private static RunContext open(RunSettings settings, CellSpec cell) {
    try {
      return RunContext.open("ChatStreamSimulation", settings, List.of(cell));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void after() {
    run.close();
    try {
      RunReport.Result result = RunReport.write(run.runDir());
      System.out.printf(
          "%ntokenload: %d requests completed, %d failed; results in %s (%s, %s, %s)%n",
          result.completed(),
          result.failed(),
          run.runDir(),
          RunReport.LATENCY_FILE,
          RunReport.THROUGHPUT_FILE,
          RunReport.SUMMARY_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report of " + run.runDir() + " failed", e);
    }
  }
}
