package io.tokenload.cli;

import io.netty.util.ResourceLeakDetector;
import io.tokenload.gateway.RemoteGateway;
import io.tokenload.local.LlamaBackend;
import io.tokenload.local.LlamaSettings;
import io.tokenload.local.SimulatedBackend;
import io.tokenload.simulator.ChunkWriteLog;
import io.tokenload.simulator.EngineModel;
import io.tokenload.simulator.FaultRate;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
 * hook that closes the server (connections, event loops and the engine thread) and, with {@code
 * --engine llamacpp}, then the model.
 *
 * <p>Two engines answer: {@code sim} (the default) simulates text and timing with the presets of
 * {@code docs/target.md}; {@code llamacpp} runs a GGUF model in-process with llama.cpp ({@link
 * LlamaOptions}). Options of one engine are refused with the other, rather than ignored.
 */
final class ServeCommand implements Command {

  static final String SIM = "sim";
  static final String LLAMACPP = "llamacpp";

  private static final List<String> SIM_ONLY =
      List.of("preset", "ttft-ms", "itl-ms", "reasoning-tokens", "chunks-per-write", "write-log");

  @Override
  public String name() {
    return "serve";
  }

  @Override
  public String summary() {
    return "run the embedded OpenAI-compatible streaming target until Ctrl-C";
  }

  /** What --help adds after the options: the other protocols and the gateway's variables. */
  private static final String HELP_FOOTER =
      "Also serves Ollama (/api/chat, /api/generate), TGI (/generate_stream), SGLang (/generate),"
          + " Triton (/v2/models/M/generate_stream), Anthropic (/v1/messages), Gemini"
          + " (/v1beta/models/M:streamGenerateContent?alt=sse) and OpenAI Responses (/v1/responses)."
          + " A request whose \"framework\" is ollama, vllm, sglang or tgi goes to the server in"
          + " ILLM_OLLAMA_BASE_URL, ILLM_VLLM_BASE_URL, ILLM_SGLANG_BASE_URL or ILLM_TGI_BASE_URL."
          + " See docs/target.md.";

  @Override
  public String usage() {
    return "[--engine sim|llamacpp] [--host 127.0.0.1] [--port 8001] [--model NAME|FILE.gguf]"
        + " [--preset fixed|"
        + String.join("|", EngineModel.presetNames())
        + "] [--ttft-ms 100] [--itl-ms 10] [--seed N] [--reasoning-tokens N]"
        + " [--loops N] [--chunks-per-write 1] [--write-log FILE] [--fault KIND[;KEY=VALUE]...=RATE]... [--served-model-name NAME] [--threads 1]"
        + " [--ctx 2048] [--parallel 1] [--llama-log]"
        + " [--answers FILE [--accuracy R] [--typo-sensitivity S] [--toxic-share R]]";
  }

  private static Options options() {
    String presets = "fixed, " + String.join(", ", EngineModel.presetNames());
    Options options =
        new Options()
            .addOption(
                opt(
                    "engine",
                    "what answers: sim (simulated text and timing, the default) or llamacpp (a"
                        + " GGUF model run by llama.cpp)"))
            .addOption(opt("host", "address to bind (default 127.0.0.1, loopback only)"))
            .addOption(opt("port", "port, 0 for any free one (default 8001)"))
            .addOption(
                opt(
                    "model",
                    "sim: model name served (default tokenload-sim); llamacpp: the GGUF model"
                        + " file (required)"))
            .addOption(opt("preset", "sim: " + presets + " (default fixed; see docs/target.md)"))
            .addOption(opt("ttft-ms", "sim, fixed preset: time to first token in ms (default 100)"))
            .addOption(opt("itl-ms", "sim, fixed preset: time between tokens in ms (default 10)"))
            .addOption(
                opt(
                    "loops",
                    "event-loop threads serving the connections (default: one per processor)"))
            .addOption(
                opt(
                    "chunks-per-write",
                    "sim: at most this many token chunks that are due together go out in one"
                        + " write (default 1: every chunk its own send(), as a real server does)"))
            .addOption(
                opt(
                    "write-log",
                    "sim: log every token chunk's write time (System.nanoTime(), CLOCK_MONOTONIC)"
                        + " to FILE, for tokenload fidelity"))
            .addOption(opt("seed", "seeds the engine's jitter and the fault draws (default 0)"))
            .addOption(
                opt(
                    "reasoning-tokens",
                    "sim: reasoning tokens before each chat answer (default 0)"))
            .addOption(
                opt(
                    "fault",
                    "a fault drawn at a rate, repeatable: KIND[;KEY=VALUE]...=RATE, as error=0.01,"
                        + " rate-limit;retry-after=5=2%, disconnect;after=3=0.005 (llamacpp:"
                        + " error, rate-limit and stall only)"));
    LlamaOptions.add(options);
    AnswerOptions.add(options);
    return options.addOption("h", "help", false, "show this help");
  }

  /**
   * A server under load should not sample its buffers: Netty's leak detector records a stack trace
   * for one buffer in 128, a few per request, on the event loop that times the writes (as the
   * client's JVM settings in the pom). {@code -Dio.netty.leakDetection.level=...} still chooses.
   */
  private static void quietLeakDetector() {
    if (System.getProperty("io.netty.leakDetection.level") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  static Option opt(String name, String description) {
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
              HELP_FOOTER);
      return 0;
    }
    quietLeakDetector();
    RemoteGateway gateway = gateway();
    TargetSettings settings = settings(line).withGateway(gateway);
    if (AnswerOptions.wanted(line)) {
      for (String streamOnly : new String[] {"chunks-per-write", "write-log"}) {
        if (line.hasOption(streamOnly)) {
          throw new UsageException(
              "--" + streamOnly + " applies to simulated answers only, not with --answers");
        }
      }
      return serveAnswers(line, settings, gateway, out);
    }
    if (!isLlama(line)) {
      ChunkWriteLog log = writeLog(line);
      TargetServer server;
      try {
        server = TargetServer.start(log == null ? settings : settings.withChunkWriteListener(log));
      } catch (RuntimeException e) {
        if (log != null) {
          log.close();
        }
        throw e;
      }
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
              + (log == null ? "" : ", write log " + line.getOptionValue("write-log"))
              + "); Ctrl-C stops");
      untilShutdown(server, log, gateway);
      return 0;
    }
    LlamaSettings llama = LlamaOptions.settings(line);
    LlamaBackend backend;
    try {
      backend = LlamaBackend.open(llama);
    } catch (IllegalArgumentException e) {
      // The backend's hint names the Java setting; on the command line it is --llama-log.
      throw new IllegalArgumentException(
          e.getMessage().replace("LlamaSettings.withNativeLog(true)", "--llama-log"), e);
    }
    TargetServer server;
    try {
      server = TargetServer.start(settings.withBackend(backend));
    } catch (RuntimeException e) {
      backend.close();
      throw e;
    }
    out.println(
        "tokenload serve: "
            + server.baseUri()
            + " (llama.cpp, "
            + LlamaOptions.describe(llama)
            + (settings.faults().isEmpty() ? "" : ", faults " + settings.faults())
            + "); Ctrl-C stops");
    untilShutdown(server, backend, gateway);
    return 0;
  }

  /** {@code --answers FILE}: the simulated timing, with answers from an evaluation set. */
  private static int serveAnswers(
      CommandLine line, TargetSettings settings, RemoteGateway gateway, PrintStream out)
      throws UsageException, InterruptedException {
    SimulatedBackend backend = AnswerOptions.backend(line, settings);
    TargetServer server;
    try {
      server = TargetServer.start(settings.withBackend(backend));
    } catch (IllegalArgumentException e) {
      backend.close();
      throw new UsageException("--answers: " + e.getMessage());
    }
    out.println(
        "tokenload serve: "
            + server.baseUri()
            + " (model "
            + backend.model()
            + ", answers from "
            + line.getOptionValue("answers")
            + "); Ctrl-C stops");
    untilShutdown(server, backend, gateway);
    return 0;
  }

  /**
   * Seed 001's gateway: requests whose {@code framework} names a remote go to the {@code
   * ILLM_*_BASE_URL} servers. One per process, closed by the shutdown hook.
   */
  private static RemoteGateway gateway() throws UsageException {
    try {
      return RemoteGateway.fromEnv(System::getenv);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code --write-log FILE}: the log, opened; null without the option. */
  private static ChunkWriteLog writeLog(CommandLine line) throws UsageException {
    String file = line.getOptionValue("write-log");
    if (file == null) {
      return null;
    }
    try {
      return ChunkWriteLog.open(Path.of(file));
    } catch (IOException | InvalidPathException e) {
      throw new UsageException(
          "--write-log was '"
              + file
              + "', which cannot be written: "
              + (e instanceof NoSuchFileException ? "its folder does not exist" : e.getMessage()));
    }
  }

  /** Waits for Ctrl-C, whose hook closes the server and then the backend or the log, if any. */
  private static void untilShutdown(
      TargetServer server, AutoCloseable backend, RemoteGateway gateway)
      throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close(); // drops the connections, which cancels their generations
                  gateway.close();
                  if (backend != null) {
                    try {
                      backend.close();
                    } catch (Exception e) {
                      System.err.println("tokenload serve: closing failed: " + e.getMessage());
                    }
                  }
                  stopped.countDown();
                },
                "tokenload-serve-shutdown"));
    stopped.await();
  }

  static CommandLine parse(String[] args) throws UsageException {
    try {
      return new DefaultParser().parse(options(), args);
    } catch (ParseException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static boolean isLlama(CommandLine line) {
    return LLAMACPP.equals(line.getOptionValue("engine"));
  }

  /**
   * The server's settings the options ask for; with {@code --engine llamacpp}, all but the model
   * ({@link LlamaOptions#settings} reads it).
   */
  static TargetSettings settings(CommandLine line) throws UsageException {
    String engine = engine(line);
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
    List<FaultRate> faults = faults(line, engine);
    if (engine.equals(SIM)) {
      settings = settings.withModel(line.getOptionValue("model", "tokenload-sim"));
    }
    try {
      return settings
          .withHost(line.getOptionValue("host", "127.0.0.1"))
          .withPort((int) number(line, "port", 8001, 0, 65535))
          .withTimeToFirstToken(millis(number(line, "ttft-ms", 100, 0, 3_600_000)))
          .withInterTokenLatency(millis(number(line, "itl-ms", 10, 0, 3_600_000)))
          .withSeed(seed(line))
          .withReasoningTokens((int) number(line, "reasoning-tokens", 0, 0, 10_000_000))
          .withChunksPerWrite((int) number(line, "chunks-per-write", 1, 1, 1024))
          .withEventLoopThreads((int) number(line, "loops", settings.eventLoopThreads(), 1, 256))
          .withFaults(faults);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /** {@code --engine}, once the options of the other engine are known to be absent. */
  private static String engine(CommandLine line) throws UsageException {
    String engine = line.getOptionValue("engine", SIM);
    if (!engine.equals(SIM) && !engine.equals(LLAMACPP)) {
      throw new UsageException("--engine was '" + engine + "'; allowed: sim, llamacpp");
    }
    List<String> foreign = engine.equals(SIM) ? LlamaOptions.NAMES : SIM_ONLY;
    for (String option : foreign) {
      if (line.hasOption(option)) {
        throw new UsageException(
            "--"
                + option
                + " applies to --engine "
                + (engine.equals(SIM) ? LLAMACPP : SIM)
                + " only; --engine is "
                + engine
                + (engine.equals(LLAMACPP) ? ", which generates and times the tokens itself" : ""));
      }
    }
    return engine;
  }

  private static List<FaultRate> faults(CommandLine line, String engine) throws UsageException {
    List<FaultRate> faults = new ArrayList<>();
    String[] specs = line.getOptionValues("fault");
    for (String spec : specs == null ? new String[0] : specs) {
      FaultRate rate;
      try {
        rate = FaultRate.parse(spec);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--fault: " + e.getMessage());
      }
      if (engine.equals(LLAMACPP) && !rate.fault().kind().beforeAnswer()) {
        throw new UsageException(
            "--fault "
                + spec
                + ": "
                + rate.fault().kind().wireName()
                + " shapes a simulated answer; with --engine llamacpp only error, rate-limit and"
                + " stall apply");
      }
      faults.add(rate);
    }
    return faults;
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

  static double number(CommandLine line, String option, double fallback, double min, double max)
      throws UsageException {
    Double value = Args.number(line, option, min, max);
    return value == null ? fallback : value;
  }
}
