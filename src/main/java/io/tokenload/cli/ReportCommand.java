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

/** {@code tokenload report <run-folder>}: re-creates a run's JSON outputs from its records. */
final class ReportCommand implements Command {

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String summary() {
    return "re-create every output of a run folder: contract files, cells/, summary.json, matrix.csv, index.html";
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
              "");
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
    return 0;
  }
}
