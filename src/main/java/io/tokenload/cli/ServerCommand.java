package io.tokenload.cli;

import io.tokenload.service.ApiToken;
import io.tokenload.service.Service;
import io.tokenload.service.runner.Launcher;
import io.tokenload.service.runner.RunPriority;
import io.tokenload.workload.ModelRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload server}: the batch performance service (REST API, task database, web pages)
 * until Ctrl-C, whose hook stops the running children and marks their tasks interrupted.
 */
final class ServerCommand implements Command {

  @Override
  public String name() {
    return "server";
  }

  @Override
  public String summary() {
    return "run the batch performance service: REST API, task database, web pages";
  }

  @Override
  public String usage() {
    return "[--port 5000] [--host 127.0.0.1] [--data-dir service-data] [--reports-dir reports]"
        + " [--token-file FILE] [--models FILE] [--max-parallel 1] [--launcher maven|java|auto]"
        + " [--nice 10]";
  }

  private static Options options() {
    return new Options()
        .addOption(ServeCommand.opt("port", "port to listen on (default 5000)"))
        .addOption(ServeCommand.opt("host", "address to bind (default 127.0.0.1, loopback only)"))
        .addOption(
            ServeCommand.opt(
                "data-dir", "the task database and each task's files (default service-data)"))
        .addOption(
            ServeCommand.opt(
                "reports-dir", "where run folders go, under service/task-<id> (default reports)"))
        .addOption(
            ServeCommand.opt(
                "token-file",
                "a file holding the API token; else "
                    + ApiToken.ENV
                    + ", else a token made once in <data-dir>/"
                    + ApiToken.GENERATED_FILE))
        .addOption(
            ServeCommand.opt(
                "models", "the model registry (default " + ModelRegistry.DEFAULT + ")"))
        .addOption(ServeCommand.opt("max-parallel", "tasks run at the same time (default 1)"))
        .addOption(
            ServeCommand.opt(
                "nice",
                "the nice value of the service's own threads, so a task's run gets the cores first"
                    + " (0 to 19, default "
                    + RunPriority.DEFAULT_NICE
                    + "; 0 leaves them as they are)"))
        .addOption(
            ServeCommand.opt(
                "launcher",
                "how a task's run starts: maven (as run_1k_4k.sh; the default), java (Gatling on"
                    + " this class path and target/test-classes: starts faster, but runs the"
                    + " simulations as last compiled) or auto (java when they are compiled)"))
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), "Details: docs/service.md");
      return 0;
    }
    if (!line.getArgList().isEmpty()) {
      throw new UsageException("unexpected argument '" + line.getArgList().get(0) + "'");
    }
    int port = whole(line, "port", 5000, 0, 65535);
    int parallel = whole(line, "max-parallel", 1, 1, 16);
    int nice = whole(line, "nice", RunPriority.DEFAULT_NICE, 0, 19);
    String launcher = line.getOptionValue("launcher", "maven");
    if (!Launcher.KINDS.contains(launcher)) {
      throw new UsageException(
          "--launcher was '" + launcher + "'; allowed: " + String.join(", ", Launcher.KINDS));
    }
    Path models = Path.of(line.getOptionValue("models", ModelRegistry.DEFAULT.toString()));
    if (!java.nio.file.Files.isRegularFile(models)) {
      throw new UsageException(
          "--models "
              + models
              + " does not exist; the model registry is a file such as "
              + ModelRegistry.DEFAULT
              + " (start the server from the tokenload folder)");
    }
    Path dataDir = Path.of(line.getOptionValue("data-dir", "service-data"));
    Path tokenFile =
        line.hasOption("token-file") ? Path.of(line.getOptionValue("token-file")) : null;
    Service.Settings settings;
    try {
      settings =
          new Service.Settings(
              line.getOptionValue("host", "127.0.0.1"),
              port,
              dataDir,
              Path.of(line.getOptionValue("reports-dir", "reports")),
              Path.of(""),
              ApiToken.resolve(tokenFile, System.getenv(), dataDir),
              models,
              parallel,
              launcher);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Service service;
    try {
      service = Service.start(settings);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("already in use")) {
        throw new UsageException(
            "--port " + port + " is in use by another program; choose another with --port");
      }
      throw e;
    }
    out.println(
        "tokenload server: http://"
            + settings.host()
            + ":"
            + service.port()
            + "/perf-eval (API under /api; token from "
            + settings.token().source()
            + "); tasks run with the "
            + service.launcherKind()
            + " launcher, "
            + parallel
            + " at a time; data in "
            + dataDir
            + "; Ctrl-C stops");
    if (nice > 0) {
      out.println("tokenload server: " + service.keepRunsFirst(nice));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  service.close();
                  stopped.countDown();
                },
                "tokenload-server-shutdown"));
    stopped.await();
    return 0;
  }

  private static int whole(CommandLine line, String option, int fallback, int min, int max)
      throws UsageException {
    Double v = Args.number(line, option, min, max);
    if (v == null) {
      return fallback;
    }
    if (v != Math.rint(v)) {
      throw new UsageException(
          "--" + option + " was '" + line.getOptionValue(option) + "'; allowed: a whole number");
    }
    return v.intValue();
  }
}
