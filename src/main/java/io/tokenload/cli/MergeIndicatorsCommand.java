package io.tokenload.cli;

import io.tokenload.eval.EvalException;
import io.tokenload.eval.gate.MergeIndicators;
import java.io.PrintStream;

/** {@code tokenload merge-indicators DIR --out merged.json --html merged.html}: one report. */
final class MergeIndicatorsCommand implements Command {

  @Override
  public String name() {
    return "merge-indicators";
  }

  @Override
  public String summary() {
    return "merge a folder's indicator contracts into one JSON file and one HTML page";
  }

  @Override
  public String usage() {
    return "DIR --out merged.json [--html merged.html] [--model NAME] [--thresholds FILE]";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    try {
      return MergeIndicators.run(args, out);
    } catch (EvalException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
