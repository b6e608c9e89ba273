package io.tokenload.simulations;

import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.LoadPlan;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunDataset;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.Startup;
import io.tokenload.gatling.VerdictStep;
import java.util.List;

/**
 * N streamed requests with at most C in flight, at fixed input and output lengths: one cell of the
 * run_1k_4k matrix, like {@code vllm bench serve --max-concurrency C --num-prompts N}.
 *
 * <pre>
 * mvn gatling:test -Dsimulation=ChatStreamSimulation -Drequests=64 -Dconcurrency=8 \
 *     -Dinput.tokens=128 -Doutput.tokens=128
 * </pre>
 *
 * <p>With no {@code -Dbase.url} it starts the embedded target in-process and stops it at the end.
 * Warm-up requests (default: one per concurrent user) go first, with their own prompts, and stay
 * out of every statistic. See {@link RunSettings} for every property. The run fails (a non-zero
 * exit) when no request completed, every request failed, or a threshold such as {@code
 * -Dmax.error.rate=0.01} or {@code -Dp99.ttft.ms=300} is breached ({@link VerdictStep}).
 */
public class ChatStreamSimulation extends Simulation {

  private final RunSettings settings = Startup.orExit(ChatStreamSimulation::settings);
  private final RunContext run =
      Startup.orExit(
          () -> RunContext.open("ChatStreamSimulation", settings, List.of(settings.cell())));

  {
    SetUp setUp =
        setUp(LoadPlan.populations(run, settings.warmupRequests(), 0, System.out::println));
    if (settings.strictLengths()) {
      // A request whose usage shows another length than asked is failed; any failure fails the run.
      setUp.assertions(VerdictStep.assertion(), global().failedRequests().count().is(0L));
    } else {
      setUp.assertions(VerdictStep.assertion());
    }
  }

  private static RunSettings settings() {
    RunSettings settings = RunSettings.from(Props.system(), System.getenv());
    RunDataset.check(settings, List.of(settings.cell()));
    return settings;
  }

  @Override
  public void after() {
    VerdictStep.endRun(run);
  }
}
