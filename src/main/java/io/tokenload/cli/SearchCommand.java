package io.tokenload.cli;

import io.tokenload.gatling.Preflight;
import io.tokenload.search.Objective;
import io.tokenload.search.SloSearch;
import io.tokenload.search.SloSearchRun;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload search --search max-concurrency --slo ttft_p99_ms<=500,itl_p99_ms<=50}: the
 * highest load that meets every objective, found by probing ({@link SloSearch}) against a server or
 * the embedded target.
 */
final class SearchCommand implements Command {

  /** Exit code when not even the first probe met the objectives. */
  static final int NOTHING_MET = 3;

  static final String EXIT_CODES =
      "Exit codes: 0 an answer was found; 3 not even the first probe met every objective; 2 a"
          + " mistake in the flags; 1 the server or a probe failed.";

  @Override
  public String name() {
    return "search";
  }

  @Override
  public String summary() {
    return "find the highest concurrency or rate that meets every SLO, by probing and bisecting";
  }

  @Override
  public String usage() {
    return "--search max-concurrency|max-rate --slo ttft_p99_ms<=500,itl_p99_ms<=50 [--url URL]"
        + " [--preset 8b-h100] [--input-tokens 128] [--output-tokens 128] [--start 1] [--max 1024]";
  }

  private static Options options() {
    Options o = new Options();
    String[][] flags = {
      {"search", "max-concurrency or max-rate"},
      {"slo", Objective.ALLOWED},
      {"url", "the server's base URL (default: the embedded target)"},
      {"model", "model name (default: the first the server serves)"},
      {"api-key-env", "environment variable holding the API key"},
      {"api", "chat or completions (default chat)"},
      {"flavour", "vllm or openai (default vllm)"},
      {
        "preset",
        "the embedded target's engine: fixed, rehearsal, tiny-fast, 8b-h100 (default fixed)"
      },
      {"tokenizer", "words or the server's tokenizer.json / model folder (default words)"},
      {"input-tokens", "prompt length (default 128)"},
      {"output-tokens", "output length (default 128)"},
      {"start", "the first level probed (default 1)"},
      {"max", "the highest level probed (default 1024 concurrent, 1000 req/s)"},
      {"probe-requests", "requests of each probe at least (default 32)"},
      {"requests-per-user", "a concurrency probe sends this many per user at least (default 2)"},
      {"probe-seconds", "a rate probe offers its rate this long at least (default 10)"},
      {"out", "where the search folder goes (default reports)"}
    };
    for (String[] f : flags) {
      o.addOption(Option.builder().longOpt(f[0]).hasArg().desc(f[1]).get());
    }
    return o.addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), EXIT_CODES);
      return 0;
    }
    SloSearch.Mode mode;
    List<Objective> slo;
    try {
      mode = SloSearch.Mode.parse(required(line, "search"), "--search");
      slo = Objective.parseAll(required(line, "slo"), "--slo");
    } catch (IllegalArgumentException e) {
      throw new InputError("tokenload search: " + e.getMessage());
    }
    boolean rate = mode == SloSearch.Mode.MAX_RATE;
    double start = number(line, "start", 1, 0.001, 1e6);
    double max = number(line, "max", rate ? 1000 : 1024, start, 1e6);
    SloSearchRun.Settings settings =
        new SloSearchRun.Settings(
            mode,
            slo,
            start,
            max,
            (int) number(line, "input-tokens", 128, 1, 1_000_000),
            (int) number(line, "output-tokens", 128, 1, 1_000_000),
            (int) number(line, "probe-requests", 32, 1, 1_000_000),
            (int) number(line, "requests-per-user", 2, 1, 1000),
            number(line, "probe-seconds", 10, 0.1, 3600),
            line.getOptionValue("tokenizer", "words"),
            Path.of(line.getOptionValue("out", "reports")));
    TargetServer embedded = null;
    try {
      Endpoint endpoint;
      String target;
      try {
        if (line.hasOption("url")) {
          URI base = URI.create(line.getOptionValue("url"));
          Optional<ApiKey> key =
              ApiKey.fromEnvironment(line.getOptionValue("api-key-env", ""), System.getenv());
          endpoint = endpoint(line, base, key);
          target = base.toString();
        } else {
          String preset = line.getOptionValue("preset", TargetSettings.FIXED);
          embedded = TargetServer.start(TargetSettings.defaults().withPreset(preset));
          endpoint = endpoint(line, embedded.baseUri(), Optional.empty());
          target = "embedded";
        }
      } catch (IllegalArgumentException e) {
        throw new InputError("tokenload search: " + e.getMessage());
      }
      SloSearch.Result result = SloSearchRun.run(settings, endpoint, target, out::println);
      return result.answer() == null ? NOTHING_MET : 0;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  private static Endpoint endpoint(CommandLine line, URI base, Optional<ApiKey> key) {
    Api api = Api.parse(line.getOptionValue("api", "chat"), "--api");
    String model = Preflight.resolveModel(base, line.getOptionValue("model", ""), key);
    return new Endpoint(
        base,
        api,
        Flavour.parse(line.getOptionValue("flavour", "vllm"), "--flavour"),
        model,
        key,
        Duration.ofSeconds(60));
  }

  private static String required(CommandLine line, String flag) throws UsageException {
    String v = line.getOptionValue(flag);
    if (v == null) {
      throw new UsageException("--" + flag + " is required");
    }
    return v;
  }

  private static double number(
      CommandLine line, String flag, double fallback, double min, double max)
      throws UsageException {
    Double v = Args.number(line, flag, min, max);
    return v == null ? fallback : v;
  }
}
