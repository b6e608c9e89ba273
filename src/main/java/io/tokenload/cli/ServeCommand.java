package io.tokenload.cli;

import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code tokenload serve}: runs the embedded target on its own until Ctrl-C. */
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
    return "[--host 127.0.0.1] [--port 8001] [--model NAME] [--ttft-ms 100] [--itl-ms 10]";
  }

  private static Options options() {
    return new Options()
        .addOption(Option.builder().longOpt("host").hasArg().desc("address to bind (default 127.0.0.1)").get())
        .addOption(Option.builder().longOpt("port").hasArg().desc("port, 0 for any free one (default 8001)").get())
        .addOption(Option.builder().longOpt("model").hasArg().desc("model name served (default tokenload-sim)").get())
        .addOption(Option.builder().longOpt("ttft-ms").hasArg().desc("time to first token in ms (default 100)").get())
        .addOption(Option.builder().longOpt("itl-ms").hasArg().desc("time between tokens in ms (default 10)").get())
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line;
    try {
      line = new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
    if (line.hasOption("help")) {
      new HelpFormatter().printHelp(new java.io.PrintWriter(out, true), 100, "tokenload serve " + usage(), summary(), options(), 2, 2, "");
      return 0;
    }
    TargetSettings settings =
        TargetSettings.defaults()
            .withHost(line.getOptionValue("host", "127.0.0.1"))
            .withPort((int) number(line, "port", 8001, 0, 65535))
            .withModel(line.getOptionValue("model", "tokenload-sim"))
            .withTimeToFirstToken(millis(number(line, "ttft-ms", 100, 0, 3_600_000)))
            .withInterTokenLatency(millis(number(line, "itl-ms", 10, 0, 3_600_000)));
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
    out.println("tokenload serve: " + server.baseUri() + " (model " + settings.model() + "); Ctrl-C stops");
    stopped.await();
    return 0;
  }

  private static Duration millis(double ms) {
    return Duration.ofNanos(Math.round(ms * 1e6));
  }

  private static double number(CommandLine line, String option, double fallback, double min, double max)
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
    throw new UsageException("--" + option + " was '" + raw + "'; allowed: a number from " + (long) min + " to " + (long) max);
  }
}
