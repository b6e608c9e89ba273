package io.tokenload.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * Parsing shared by the commands: options, run folders and numbers, with usage errors that say what
 * is allowed.
 */
final class Args {

  private Args() {}

  static CommandLine parse(Options options, String[] args) throws UsageException {
    try {
      return new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static void help(
      PrintStream out,
      String command,
      String usage,
      String summary,
      Options options,
      String footer) {
    new HelpFormatter()
        .printHelp(
            new PrintWriter(out, true),
            100,
            "tokenload " + command + " " + usage,
            summary,
            options,
            2,
            2,
            footer);
  }

  static Path runFolder(String arg) throws UsageException {
    Path dir = Path.of(arg);
    if (!Files.isDirectory(dir)) {
      throw new UsageException(
          dir
              + " is not a folder; give a run folder such as reports/matrixsimulation-20260101-120000");
    }
    return dir;
  }

  /** An optional number option within [min, max]; null when absent. */
  static Double number(CommandLine line, String option, double min, double max)
      throws UsageException {
    String raw = line.getOptionValue(option);
    if (raw == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(raw);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new UsageException(
        "--"
            + option
            + " was '"
            + raw
            + "'; allowed: a number from "
            + plain(min)
            + " to "
            + plain(max));
  }

  /** Adds a long option taking one value for each {@code {name, description}} of {@code flags}. */
  static Options addValued(Options options, String[][] flags) {
    for (String[] f : flags) {
      options.addOption(Option.builder().longOpt(f[0]).hasArg().desc(f[1]).get());
    }
    return options;
  }

  /** A number option within [min, max], or {@code fallback} when absent. */
  static double number(CommandLine line, String option, double fallback, double min, double max)
      throws UsageException {
    Double v = number(line, option, min, max);
    return v == null ? fallback : v;
  }

  private static String plain(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
