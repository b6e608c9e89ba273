package io.tokenload.cli;

import io.tokenload.report.RecordReader;
import io.tokenload.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code tokenload report <run-folder>}: re-creates a run's outputs from its records and gives the
 * run's verdict again. Exit codes: 0 the outputs were written and the run passed; 3 they were
 * written and the run failed its verdict (no request completed, a cell cut short or whose every
 * request failed, a threshold breached); 1 nothing usable in the folder; 2 bad usage.
 */
final class ReportCommand implements Command {

  static final String EXIT_CODES =
      "Exit codes: 0 outputs written, the run passed; 3 outputs written, the run failed its verdict"
          + " (no request completed, a cut cell, a cell whose every request failed, a threshold"
          + " breached); 1 nothing usable in the folder; 2 bad usage.";

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "re-create every output of a run folder and its verdict: exit 0 pass, 3 fail, 1 unreadable";
  }

  @Override
  public String usage() {
    return "<run-folder>";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    Options options = new Options().addOption("h", "help", false, "show this help");
    CommandLine line;
    try {
      line = new DefaultParser().parse(options, args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (line.hasOption("help")) {
      new HelpFormatter()
          .printHelp(
              new java.io.PrintWriter(out, true),
              100,
              "tokenload report " + usage(),
              summary(),
              options,
              2,
              2,
              EXIT_CODES);
      return 0;
    }
    if (line.getArgList().size() != 1) {
      throw new UsageException(
          "expected one run folder, got " + line.getArgList().size() + " arguments");
    }
    Path runDir = Path.of(line.getArgList().get(0));
    if (!Files.isDirectory(runDir)) {
      throw new UsageException(
          runDir
              + " is not a folder; give a run folder such as reports/chatstreamsimulation-20260101-120000");
    }
    RunReport.Result result = RunReport.write(runDir);
    for (RecordReader.Skipped s : result.skipped()) {
      out.println("skipped " + s.file() + " line " + s.line() + ": " + s.reason());
    }
    for (String w : result.warnings()) {
      out.println("warning: " + w);
    }
    out.println(result.describe());
    result.verdict().lines().forEach(out::println);
    return result.verdict().pass() ? 0 : GateCommand.FAILED;
  }
}
