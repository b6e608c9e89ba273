package io.tokenload.cli;

import io.tokenload.simulator.EngineModel;
import io.tokenload.simulator.FaultRate;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code tokenload serve}: runs the embedded target on its own until Ctrl-C, which runs a shutdown
 * hook that closes the server (connections, event loops and the engine thread).
 */
final class ServeCommand implements Command {

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "run the embedded OpenAI-compatible streaming target until Ctrl-C";
  }

  @Override
  public String usage() {
    return "[--host 127.0.0.1] [--port 8001] [--model NAME] [--preset fixed|"
        + String.join("|", EngineModel.presetNames())
        + "] [--ttft-ms 100] [--itl-ms 10] [--seed N] [--reasoning-tokens N]"
        + " [--fault KIND[;KEY=VALUE]...=RATE]...";
  }

  private static Options options() {
    String presets = "fixed, " + String.join(", ", EngineModel.presetNames());
    return new Options()
        .addOption(opt("host", "address to bind (default 127.0.0.1, loopback only)"))
        .addOption(opt("port", "port, 0 for any free one (default 8001)"))
        .addOption(opt("model", "model name served (default tokenload-sim)"))
        .addOption(opt("preset", "timing: " + presets + " (default fixed; see docs/target.md)"))
        .addOption(opt("ttft-ms", "fixed preset: time to first token in ms (default 100)"))
        .addOption(opt("itl-ms", "fixed preset: time between tokens in ms (default 10)"))
        .addOption(opt("seed", "seeds the engine's jitter and the fault draws (default 0)"))
        .addOption(opt("reasoning-tokens", "reasoning tokens before each chat answer (default 0)"))
        .addOption(
            opt(
                "fault",
                "a fault drawn at a rate, repeatable: KIND[;KEY=VALUE]...=RATE, as error=0.01,"
                    + " rate-limit;retry-after=5=2%, disconnect;after=3=0.005"))
        .addOption("h", "help", false, "show this help");
  }

  private static Option opt(String name, String description) {
    return Option.builder().longOpt(name).hasArg().desc(description).get();
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = parse(args);
    if (line.hasOption("help")) {
      new HelpFormatter()
          .printHelp(
              new java.io.PrintWriter(out, true),
              100,
              "tokenload serve " + usage(),
              summary(),
              options(),
              2,
              2,
              "");
      return 0;
    }
    TargetSettings settings = settings(line);
    TargetServer server = TargetServer.start(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "tokenload-serve-shutdown"));
    out.println(
        "tokenload serve: "
            + server.baseUri()
            + " (model "
            + settings.model()
            + ", preset "
            + settings.preset()
            + ", seed "
            + settings.seed()
            + (settings.faults().isEmpty() ? "" : ", faults " + settings.faults())
            + "); Ctrl-C stops");
    stopped.await();
    return 0;
  }

  static CommandLine parse(String[] args) throws UsageException {
    try {
      return new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** The settings the options ask for. */
  static TargetSettings settings(CommandLine line) throws UsageException {
    String preset = line.getOptionValue("preset", TargetSettings.FIXED);
    TargetSettings settings;
    try {
      settings = TargetSettings.defaults().withPreset(preset);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          "--preset was '"
              + preset
              + "'; allowed: fixed, "
              + String.join(", ", EngineModel.presetNames()));
    }
    if (settings.engine() != null) {
      for (String fixedOnly : new String[] {"ttft-ms", "itl-ms"}) {
        if (line.hasOption(fixedOnly)) {
          throw new UsageException(
              "--" + fixedOnly + " applies to the fixed preset only; --preset is " + preset);
        }
      }
    }
    List<FaultRate> faults = new ArrayList<>();
    for (String spec :
        line.getOptionValues("fault") == null ? new String[0] : line.getOptionValues("fault")) {
      try {
        faults.add(FaultRate.parse(spec));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--fault: " + e.getMessage());
      }
    }
    try {
      return settings
          .withHost(line.getOptionValue("host", "127.0.0.1"))
          .withPort((int) number(line, "port", 8001, 0, 65535))
          .withModel(line.getOptionValue("model", "tokenload-sim"))
          .withTimeToFirstToken(millis(number(line, "ttft-ms", 100, 0, 3_600_000)))
          .withInterTokenLatency(millis(number(line, "itl-ms", 10, 0, 3_600_000)))
          .withSeed(seed(line))
          .withReasoningTokens((int) number(line, "reasoning-tokens", 0, 0, 10_000_000))
          .withFaults(faults);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  private static long seed(CommandLine line) throws UsageException {
    String raw = line.getOptionValue("seed", "0");
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new UsageException("--seed was '" + raw + "'; allowed: an integer (a 64-bit long)");
    }
  }

  private static double number(
      CommandLine line, String option, double fallback, double min, double max)
      throws UsageException {
    String raw = line.getOptionValue(option);
    if (raw == null) {
      return fallback;
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
            + (long) min
            + " to "
            + (long) max);
  }
}
