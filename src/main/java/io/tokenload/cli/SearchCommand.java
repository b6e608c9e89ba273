package io.tokenload.cli;

import io.tokenload.search.Objective;
import io.tokenload.search.SloSearch;
import io.tokenload.search.SloSearchRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
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
    Args.addValued(o, flags);
    return CommandTarget.addOptions(o).addOption("h", "help", false, "show this help");
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
    double start = Args.number(line, "start", 1, 0.001, 1e6);
    double max = Args.number(line, "max", rate ? 1000 : 1024, start, 1e6);
    SloSearchRun.Settings settings =
        new SloSearchRun.Settings(
            mode,
            slo,
            start,
            max,
            (int) Args.number(line, "input-tokens", 128, 1, 1_000_000),
            (int) Args.number(line, "output-tokens", 128, 1, 1_000_000),
            (int) Args.number(line, "probe-requests", 32, 1, 1_000_000),
            (int) Args.number(line, "requests-per-user", 2, 1, 1000),
            Args.number(line, "probe-seconds", 10, 0.1, 3600),
            line.getOptionValue("tokenizer", "words"),
            Path.of(line.getOptionValue("out", "reports")));
    try (CommandTarget target = CommandTarget.open(line, name())) {
      SloSearch.Result result =
          SloSearchRun.run(settings, target.endpoint(), target.name(), out::println);
      return result.answer() == null ? NOTHING_MET : 0;
    }
  }

  private static String required(CommandLine line, String flag) throws UsageException {
    String v = line.getOptionValue(flag);
    if (v == null) {
      throw new UsageException("--" + flag + " is required");
    }
    return v;
  }
}
