package io.tokenload.cli;

import io.tokenload.eval.EvalException;
import io.tokenload.eval.EvalOptions;
import io.tokenload.eval.EvalRunner;
import io.tokenload.eval.Indicator;
import io.tokenload.eval.Outcome;
import java.io.PrintStream;
import org.apache.commons.cli.CommandLine;

/**
 * {@code tokenload eval --indicator NAME … --out FILE.json}: one indicator measured against a
 * server (docs/indicators.md). Exit codes: 0 written; 1 nothing was measured (every request failed)
 * or the run failed; 2 bad usage or input.
 */
final class EvalCommand implements Command {

  @Override
  public String name() {
    return "eval";
  }

  @Override
  public String summary() {
    return "measure a quality or load indicator (" + Indicator.allowed() + ") into a JSON contract";
  }

  @Override
  public String usage() {
    return "--indicator NAME --base-url URL --model NAME --out FILE.json [--data FILE.jsonl]"
        + " [--backend openai-chat|openai-completions] [--api-key-env VAR] [--concurrency N]"
        + " [--dry-run] (--help for all)";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    EvalOptions options;
    CommandLine line;
    try {
      line = EvalArgs.line(args);
      if (line.hasOption("help")) {
        Args.help(out, name(), usage(), summary(), EvalArgs.options(), "See docs/indicators.md.");
        return 0;
      }
      options = EvalArgs.parse(line);
      if (line.hasOption("dry-run")) {
        out.println("tokenload eval: arguments are valid (" + options.indicator().wireName() + ")");
        return 0;
      }
      Outcome outcome = EvalRunner.run(options, System.getenv());
      out.println(outcome.summary());
      if (outcome.firstError() != null) {
        out.println("some requests failed; the first: " + outcome.firstError());
      }
      if (outcome.answered() == 0) {
        throw new IllegalStateException(
            "nothing was measured: no request was answered"
                + (outcome.firstError() == null
                    ? ""
                    : " (first error: " + outcome.firstError() + ")"));
      }
      out.println("wrote " + outcome.contract() + " and " + outcome.samples());
      return 0;
    } catch (EvalException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
