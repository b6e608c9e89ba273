package io.tokenload.gatling;

import io.tokenload.workload.CellSpec;
import io.tokenload.workload.RequestFactory;

/** Entry point of tokenload's Gatling DSL. */
public final class Tokenload {

  private Tokenload() {}

  /** A step that streams one completion of {@code cell} against the run's server. */
  public static StreamActionBuilder stream(RunContext run, CellSpec cell) {
    return new StreamActionBuilder(
        run, new RequestFactory(run.endpoint(), cell, run.prompts(cell)), true, null);
  }
}
