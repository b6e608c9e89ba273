package io.tokenload.cli;

import io.tokenload.report.Comparison;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload compare <runA> <runB> [--threshold-pct 5]}: per cell, how B differs from A. Exit
 * codes: 0 no regression, 3 a regression beyond the threshold, 1 a run unreadable, 2 usage.
 */
final class CompareCommand implements Command {

  static final int REGRESSION = 3;
  static final double DEFAULT_THRESHOLD_PCT = 5;

  static final String EXIT_CODES =
      "A regression is a latency (TTFT p50/p99, ITL p50/p99, E2E p99) up, or a throughput (req/s,"
          + " out tok/s) down, by more than the threshold; for TTFT p50/p99 and E2E p99, also"
          + " outside the noise: the runs' 95 % confidence intervals (summary.json's confidence) do"
          + " not overlap, else it is marked 'within noise'. Warnings name differences in target,"
          + " settings or sample size that make the runs unfair to compare. Exit codes: 0 no regression; 3 a"
          + " regression; 1 a run's summary.json is missing or unreadable; 2 bad usage.";

  @Override
  public String name() {
    return "compare";
  }

  @Override
  public String summary() {
    return "compare two runs cell by cell; exit 3 when B regressed beyond the threshold";
  }

  @Override
  public String usage() {
    return "<run-A> <run-B> [--threshold-pct 5]";
  }

  private static Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("threshold-pct")
                .hasArg()
                .desc("change for the worse, in percent, that counts as a regression (default 5)")
                .get())
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), EXIT_CODES);
      return 0;
    }
    if (line.getArgList().size() != 2) {
      throw new UsageException(
          "expected two run folders, got " + line.getArgList().size() + " arguments");
    }
    Double threshold = Args.number(line, "threshold-pct", 0, 1e6);
    Comparison.Result r =
        Comparison.of(
            Args.runFolder(line.getArgList().get(0)),
            Args.runFolder(line.getArgList().get(1)),
            threshold == null ? DEFAULT_THRESHOLD_PCT : threshold);
    out.printf(
        Locale.ROOT,
        "A = %s%nB = %s%nchange = (B - A) / A; threshold %s %%%n",
        r.runA(),
        r.runB(),
        fmt(r.thresholdPct()));
    out.printf(Locale.ROOT, "%-28s %-12s %12s %12s %9s%n", "cell", "metric", "A", "B", "change");
    for (Comparison.Change c : r.changes()) {
      out.printf(
          Locale.ROOT,
          "%-28s %-12s %12s %12s %9s%s%n",
          c.cell(),
          c.metric(),
          c.a() == null ? "-" : fmt(c.a()),
          c.b() == null ? "-" : fmt(c.b()),
          c.changePct() == null ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", c.changePct()),
          c.regression() ? "  REGRESSION" : c.withinNoise() ? "  within noise" : "");
    }
    for (String w : r.warnings()) {
      out.println("warning: " + w);
    }
    for (String cell : r.onlyInA()) {
      out.println("only in A: " + cell);
    }
    for (String cell : r.onlyInB()) {
      out.println("only in B: " + cell);
    }
    int regressions = r.regressions().size();
    if (regressions == 0) {
      out.println(
          "no regression beyond "
              + fmt(r.thresholdPct())
              + " % in "
              + r.changes().size()
              + " comparisons");
      return 0;
    }
    out.println(regressions + " regressions beyond " + fmt(r.thresholdPct()) + " %");
    return REGRESSION;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3f", v).replaceAll("\\.?0+$", "");
  }
}
