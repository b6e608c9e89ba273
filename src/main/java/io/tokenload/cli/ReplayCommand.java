package io.tokenload.cli;

import io.tokenload.drive.DrivenRun;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.trace.TraceReplay;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload replay --trace data/traces/mooncake-sample.jsonl [--speed 2]}: a Mooncake-format
 * trace replayed on its own schedule ({@link TraceReplay}) into a run folder.
 */
final class ReplayCommand implements Command {

  static final String EXIT_CODES =
      "Exit codes: 0 replayed and at least one request completed; 3 no request completed; 2 a"
          + " mistake in the flags or the trace (one line naming the file and line); 1 the server"
          + " failed.";

  @Override
  public String name() {
    return "replay";
  }

  @Override
  public String summary() {
    return "replay a Mooncake-format trace on its own schedule, with prefixes shared by hash_ids";
  }

  @Override
  public String usage() {
    return "--trace FILE [--speed 1] [--block-tokens 512] [--limit N] [--url URL] [--preset P]";
  }

  private static Options options() {
    Options o = new Options();
    String[][] flags = {
      {"trace", "a Mooncake-format .jsonl: timestamp (ms), input_length, output_length, hash_ids"},
      {"speed", "replay this many times faster than recorded (default 1)"},
      {"block-tokens", "tokens per hash id (default 512, as Mooncake's traces)"},
      {"limit", "replay at most this many requests, from the first (default all)"},
      {"out", "where the run folder goes (default reports)"}
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
    String trace = line.getOptionValue("trace");
    if (trace == null) {
      throw new UsageException("--trace is required");
    }
    TraceReplay.Settings settings =
        new TraceReplay.Settings(
            Path.of(trace),
            Args.number(line, "speed", 1, 0.001, 1e6),
            (int) Args.number(line, "block-tokens", 512, 1, 1_000_000),
            (int) Args.number(line, "limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE));
    try {
      io.tokenload.trace.TraceReader.read(settings.trace());
    } catch (IllegalArgumentException e) {
      throw new InputError("tokenload replay: --trace " + e.getMessage());
    }
    Path reports = Path.of(line.getOptionValue("out", "reports"));
    Path runDir = DrivenRun.newFolder(reports, "replay");
    try (CommandTarget target = CommandTarget.open(line, name())) {
      int overhead = DrivenRun.templateOverhead(target.endpoint(), WordTokenizer.instance());
      var run =
          TraceReplay.run(
              settings, target.endpoint(), target.name(), overhead, runDir, out::println);
      return run.path("completed").asLong() > 0 ? 0 : 3;
    }
  }
}
