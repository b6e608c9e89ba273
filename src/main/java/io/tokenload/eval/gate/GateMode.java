package io.tokenload.eval.gate;

import io.tokenload.eval.EvalException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code tokenload gate --indicators DIR|merged.json [--thresholds FILE] [--target-rps N]}: the
 * indicator contracts against a thresholds file. Exit codes: 0 every limit met, 3 a limit broken or
 * an indicator missing, 2 bad usage or an unreadable file ({@link EvalException}).
 */
public final class GateMode {

  /** The flag that selects this mode of {@code gate}. */
  public static final String FLAG = "--indicators";

  public static final String DEFAULT_THRESHOLDS = "platforms/thresholds.json";
  public static final int FAILED = 3;

  private GateMode() {}

  /** Whether {@code args} ask for this mode. */
  public static boolean wanted(String[] args) {
    for (String a : args) {
      if (a.equals(FLAG) || a.startsWith(FLAG + "=")) {
        return true;
      }
    }
    return false;
  }

  static Options options() {
    return new Options()
        .addOption(
            opt("indicators", "a folder of indicator files, or a merged report (merged.json)"))
        .addOption(opt("thresholds", "the limits (default " + DEFAULT_THRESHOLDS + ")"))
        .addOption(opt("target-rps", "throughput_rps.rps at least N, over the file's limit"))
        .addOption(Option.builder().longOpt("dry-run").desc("check the arguments, exit 0").get())
        .addOption("h", "help", false, "show this help");
  }

  static Option opt(String name, String description) {
    return Option.builder().longOpt(name).hasArg().desc(description).get();
  }

  public static int run(String[] args, PrintStream out) {
    CommandLine line = parse(options(), args);
    if (line.hasOption("help")) {
      new HelpFormatter()
          .printHelp(
              new java.io.PrintWriter(out, true),
              100,
              "tokenload gate --indicators DIR [--thresholds FILE] [--target-rps N]",
              "check indicator contracts against a thresholds file",
              options(),
              2,
              2,
              "Exit codes: 0 every limit met; 3 a limit broken or an indicator missing; 2 bad usage.");
      return 0;
    }
    if (!line.getArgList().isEmpty()) {
      throw new EvalException(
          "unexpected argument '" + line.getArgList().get(0) + "' with --indicators");
    }
    Double rps = number(line, "target-rps");
    if (line.hasOption("dry-run")) {
      out.println("tokenload gate: arguments are valid");
      return 0;
    }
    Thresholds thresholds =
        Thresholds.read(Path.of(line.getOptionValue("thresholds", DEFAULT_THRESHOLDS)));
    if (rps != null) {
      thresholds = thresholds.withTargetRps(rps);
    }
    Path path = Path.of(line.getOptionValue("indicators"));
    IndicatorGate.Verdict verdict = IndicatorGate.check(path, thresholds);
    verdict.lines().forEach(out::println);
    if (verdict.pass()) {
      out.println("gate passed: " + verdict.lines().size() + " checks on " + path);
      return 0;
    }
    out.println(
        "gate FAILED: "
            + verdict.failures()
            + " of "
            + verdict.lines().size()
            + " checks on "
            + path);
    return FAILED;
  }

  static CommandLine parse(Options options, String[] args) {
    try {
      return new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      throw new EvalException(e.getMessage(), e);
    }
  }

  static Double number(CommandLine line, String option) {
    String raw = line.getOptionValue(option);
    if (raw == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(raw);
      if (v >= 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new EvalException("--" + option + " was '" + raw + "'; allowed: a number of 0 or more");
  }
}
