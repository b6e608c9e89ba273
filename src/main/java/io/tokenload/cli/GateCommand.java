package io.tokenload.cli;

import io.tokenload.eval.EvalException;
import io.tokenload.eval.gate.GateMode;
import io.tokenload.report.Check;
import io.tokenload.report.Gate;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload gate <run> --p99-ms 300 --min-rps 5 --max-error-rate 0.01}: a yes or no for CI
 * from a run's contract files. Exit codes: 0 every limit met, 3 a limit broken, 1 the run's files
 * are missing or unreadable, 2 bad usage.
 */
final class GateCommand implements Command {

  static final int FAILED = 3;

  static final String EXIT_CODES =
      "Exit codes: 0 every limit met; 3 a limit broken, a value it checks not measured (null), or"
          + " no request completed; 1 the run's files are missing or unreadable; 2 bad usage"
          + " (including an unknown --cell).";

  @Override
  public String name() {
    return "gate";
  }

  @Override
  public String summary() {
    return "check a run (or one cell) against limits for CI: exit 0 pass, 3 fail, 1 unreadable, 2 usage";
  }

  @Override
  public String usage() {
    return "<run-folder> [--p99-ms MS] [--min-rps N] [--max-error-rate R] [--p99-ttft-ms MS] [--p99-itl-ms MS] [--cell NAME]";
  }

  private static Options options() {
    return new Options()
        .addOption(opt("p99-ms", "end-to-end latency p99 at most MS (latency_p99.json p99_ms)"))
        .addOption(
            opt("min-rps", "completed requests per second at least N (throughput_rps.json rps)"))
        .addOption(
            opt("max-error-rate", "failed share of requests at most R, from 0 to 1 (0.01 = 1 %)"))
        .addOption(opt("p99-ttft-ms", "time to first token p99 at most MS (ttft.json p99_ms)"))
        .addOption(opt("p99-itl-ms", "inter-token latency p99 at most MS (itl.json p99_ms)"))
        .addOption(opt("cell", "check this cell's files (cells/NAME/) instead of the whole run's"))
        .addOption("h", "help", false, "show this help");
  }

  private static Option opt(String name, String description) {
    return Option.builder().longOpt(name).hasArg().desc(description).get();
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    if (GateMode.wanted(args)) { // indicator contracts against a thresholds file
      try {
        return GateMode.run(args, out);
      } catch (EvalException e) {
        throw new UsageException(e.getMessage());
      }
    }
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), EXIT_CODES);
      return 0;
    }
    if (line.getArgList().size() != 1) {
      throw new UsageException(
          "expected one run folder, got " + line.getArgList().size() + " arguments");
    }
    Path runDir = Args.runFolder(line.getArgList().get(0));
    double big = 1e12;
    Gate.Limits limits =
        new Gate.Limits(
            Args.number(line, "p99-ms", 0, big),
            Args.number(line, "min-rps", 0, big),
            Args.number(line, "max-error-rate", 0, 1),
            Args.number(line, "p99-ttft-ms", 0, big),
            Args.number(line, "p99-itl-ms", 0, big));
    if (!limits.any()) {
      throw new UsageException(
          "no limit given; give at least one of --p99-ms, --min-rps, --max-error-rate, --p99-ttft-ms, --p99-itl-ms");
    }
    Gate.Verdict verdict;
    try {
      verdict = Gate.check(runDir, limits, line.getOptionValue("cell"));
    } catch (Gate.UnknownCellException e) {
      throw new UsageException(e.getMessage());
    }
    for (Check c : verdict.checks()) {
      out.println(c.describe());
    }
    if (verdict.pass()) {
      out.println("gate passed: " + verdict.checks().size() + " checks on " + verdict.scope());
      return 0;
    }
    out.println(
        "gate FAILED: "
            + verdict.failures()
            + " of "
            + verdict.checks().size()
            + " checks on "
            + verdict.scope());
    return FAILED;
  }
}
