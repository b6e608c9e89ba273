package io.tokenload.cli;

import io.tokenload.report.ClientHealth;
import io.tokenload.report.Fidelity;
import io.tokenload.report.FidelityJoin;
import io.tokenload.simulator.ChunkWriteLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload fidelity <run> --write-log FILE}: how late the run stamped each token chunk,
 * against the write times a target on the same machine logged ({@code tokenload serve --write-log
 * FILE}). Prints measured minus written per cell and writes {@code fidelity.json} into the run.
 */
final class FidelityCommand implements Command {

  @Override
  public String name() {
    return "fidelity";
  }

  @Override
  public String summary() {
    return "compare a run's arrival stamps with the write times tokenload serve --write-log logged";
  }

  @Override
  public String usage() {
    return "<run-folder> --write-log FILE";
  }

  private static Options options() {
    return new Options()
        .addOption(
            Option.builder()
                .longOpt("write-log")
                .hasArg()
                .desc("the target's write log (tokenload serve --write-log FILE, same machine)")
                .get())
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), "");
      return 0;
    }
    if (line.getArgList().size() != 1) {
      throw new UsageException(
          "expected one run folder, got " + line.getArgList().size() + " arguments");
    }
    Path runDir = Args.runFolder(line.getArgList().get(0));
    String logArg = line.getOptionValue("write-log");
    if (logArg == null) {
      throw new UsageException("--write-log FILE is required: the target's log of its writes");
    }
    Path log = Path.of(logArg);
    if (!Files.isRegularFile(log)) {
      throw new UsageException("--write-log was '" + logArg + "', which is not a file");
    }
    Map<String, long[]> written;
    List<Fidelity> cells;
    try {
      written = ChunkWriteLog.read(log);
      cells = FidelityJoin.join(runDir, written);
    } catch (IOException e) {
      throw new UsageException(e.getMessage());
    }
    new Fidelity.Report(log.toString(), cells).write(runDir);
    for (Fidelity f : cells) {
      f.describe().forEach(out::println);
    }
    Optional<ClientHealth> client = ClientHealth.read(runDir);
    client.ifPresent(
        c ->
            out.printf(
                "client event-loop lag p99 %s ms, max %s ms%s%s%n",
                c.eventLoopLagMs().p99(),
                c.eventLoopLagMs().max(),
                c.saturated() ? " (saturated)" : "",
                c.cpuStolenMs() == null
                    ? ""
                    : String.format(
                        Locale.ROOT,
                        "; the host took %d ms of CPU time (%.2f %%)",
                        c.cpuStolenMs(),
                        100 * c.cpuStolenShare())));
    out.println("written to " + runDir.resolve(Fidelity.FILE));
    return 0;
  }
}
