package io.tokenload.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.tokenload.workload.RequestFactory;

/**
 * The Java-DSL step that streams one completion: {@code exec(Tokenload.stream(run, cell))}.
 * Immutable; {@link #warmUp()} returns a copy whose requests stay out of every statistic.
 */
public final class StreamActionBuilder implements io.gatling.javaapi.core.ActionBuilder {

  private final RunContext run;
  private final RequestFactory requests;
  private final boolean measured;
  private final Admission admission;

  StreamActionBuilder(
      RunContext run, RequestFactory requests, boolean measured, Admission admission) {
    this.run = run;
    this.requests = requests;
    this.measured = measured;
    this.admission = admission;
  }

  /** The same step, for warm-up: sent and awaited, but neither recorded nor reported. */
  public StreamActionBuilder warmUp() {
    return new StreamActionBuilder(run, requests, false, admission);
  }

  /** The same step with at most {@code limit} requests of this step in flight; more wait. */
  public StreamActionBuilder maxInFlight(int limit) {
    return new StreamActionBuilder(run, requests, measured, new Admission(limit));
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        String name = (measured ? "stream " : "warm-up ") + requests.cell().name();
        return new StreamAction(
            name,
            run,
            requests,
            measured,
            run.client(ctx),
            ctx.coreComponents().statsEngine(),
            next,
            admission);
      }
    };
  }
}
