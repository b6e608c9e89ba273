package io.tokenload.cli;

import io.tokenload.gatling.MatrixInputs;
import io.tokenload.gatling.ObserveSettings;
import io.tokenload.gatling.Preflight;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunDataset;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.Startup;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload check-run -Dconfig=simulations/quick.json -Dbase.url=...}: checks a run's
 * properties, run definition and server (its {@code /v1/models}: reachable, key accepted, model
 * served) the way the simulation will, in a second and without Gatling. {@code run_1k_4k.sh} calls
 * it before {@code mvn gatling:test}, with {@code --as run_1k_4k.sh} so messages name its flags.
 */
final class CheckRunCommand implements Command {

  /** Exit code of a resumed run with nothing left to run: not an error, but nothing to start. */
  static final int COMPLETE = 4;

  static final String EXIT_CODES =
      "Exit codes: 0 ready to run; 2 a mistake, printed as one line; 4 -Dresume names a run that"
          + " has finished every cell (nothing to run).";

  private static final String MATRIX = "MatrixSimulation";
  private static final String SINGLE = "ChatStreamSimulation";

  @Override
  public String name() {
    return "check-run";
  }

  @Override
  public String summary() {
    return "check a run's settings, definition and server before any load: exit 0 ready, 2 a mistake";
  }

  @Override
  public String usage() {
    return "[--simulation MatrixSimulation|ChatStreamSimulation] [--as run_1k_4k.sh] [-Dname=value ...]";
  }

  private static Options options() {
    return new Options()
        .addOption(
            Option.builder("D")
                .hasArgs()
                .valueSeparator('=')
                .desc("a property as the simulation takes it, such as -Dbase.url=URL")
                .get())
        .addOption(
            Option.builder()
                .longOpt("simulation")
                .hasArg()
                .desc("the simulation whose properties to check (default " + MATRIX + ")")
                .get())
        .addOption(
            Option.builder()
                .longOpt("as")
                .hasArg()
                .desc("word messages with the flags of " + ScriptFlags.SCRIPT)
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
    String simulation = line.getOptionValue("simulation", MATRIX).replaceFirst(".*\\.", "");
    if (!simulation.equals(MATRIX) && !simulation.equals(SINGLE)) {
      throw new UsageException(
          "--simulation " + simulation + " is not checked; allowed: " + MATRIX + ", " + SINGLE);
    }
    String as = line.getOptionValue("as");
    if (as != null && !as.equals(ScriptFlags.SCRIPT)) {
      throw new UsageException("--as " + as + " is not known; allowed: " + ScriptFlags.SCRIPT);
    }
    Map<String, String> given = properties(line.getOptionProperties("D"));
    try {
      return check(simulation, new Props(given), out);
    } catch (RuntimeException e) {
      if (!Startup.isUserError(e)) {
        throw e;
      }
      String message = Startup.line(e);
      throw new InputError(
          as == null
              ? "tokenload " + name() + ": " + message
              : as + ": " + ScriptFlags.spell(message, given));
    }
  }

  private static int check(String simulation, Props props, PrintStream out) {
    RunSettings settings;
    String what;
    if (simulation.equals(MATRIX)) {
      MatrixInputs inputs = MatrixInputs.read(props, System.getenv());
      if (inputs.resume().isPresent() && inputs.cellsToRun().isEmpty()) {
        out.println("tokenload: " + inputs.completeLine());
        return COMPLETE;
      }
      settings = inputs.settings();
      what = inputs.definition().name() + ": " + inputs.cellsToRun().size() + " cells to run";
    } else {
      settings = RunSettings.from(props, System.getenv());
      RunDataset.check(settings, List.of(settings.cell()));
      what = "one cell, " + settings.requests() + " requests";
    }
    ObserveSettings.from(props); // metrics.url, metrics.period.ms, progress.period.s
    String target = "the embedded target";
    if (settings.baseUrl().isPresent()) {
      String model =
          Preflight.resolveModel(
              settings.baseUrl().get(),
              settings.model(),
              settings.apiKey(),
              settings.wire().backend());
      target = settings.baseUrl().get() + " (model " + model + ")";
    }
    out.println("tokenload: ready: " + what + " on " + target);
    return 0;
  }

  private static Map<String, String> properties(Properties p) {
    Map<String, String> out = new HashMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(name, p.getProperty(name));
    }
    return out;
  }
}
