package io.tokenload.cli;

import io.tokenload.drive.DrivenRun;
import io.tokenload.session.SessionRun;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload sessions --turns 3 --sessions 8}: multi-turn conversations, each turn carrying
 * the conversation so far, with per-turn TTFT and prefix-cache hits ({@link SessionRun}).
 */
final class SessionsCommand implements Command {

  static final String EXIT_CODES =
      "Exit codes: 0 every turn of every conversation completed; 3 a turn failed; 2 a mistake in"
          + " the flags; 1 the server failed.";

  @Override
  public String name() {
    return "sessions";
  }

  @Override
  public String summary() {
    return "multi-turn conversations: per-turn TTFT and prefix-cache hit rate";
  }

  @Override
  public String usage() {
    return "[--sessions 8] [--turns 3] [--concurrency 4] [--input-tokens 64] [--output-tokens 32]"
        + " [--think-ms 200] [--url URL] [--preset P]";
  }

  private static Options options() {
    String[][] flags = {
      {"sessions", "conversations (default 8)"},
      {"turns", "turns per conversation (default 3)"},
      {"concurrency", "conversations at a time (default 4)"},
      {"input-tokens", "words of each new user message (default 64)"},
      {"output-tokens", "output tokens asked per turn (default 32)"},
      {"think-ms", "pause between a reply and the next turn (default 200)"},
      {"seed", "the messages' seed (default 1)"},
      {"out", "where the run folder goes (default reports)"}
    };
    return CommandTarget.addOptions(Args.addValued(new Options(), flags))
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(out, name(), usage(), summary(), options(), EXIT_CODES);
      return 0;
    }
    SessionRun.Settings settings =
        new SessionRun.Settings(
            (int) Args.number(line, "sessions", 8, 1, 1_000_000),
            (int) Args.number(line, "turns", 3, 1, 1000),
            (int) Args.number(line, "concurrency", 4, 1, 100_000),
            (int) Args.number(line, "input-tokens", 64, 1, 1_000_000),
            (int) Args.number(line, "output-tokens", 32, 1, 1_000_000),
            Args.number(line, "think-ms", 200, 0, 3_600_000),
            (long) Args.number(line, "seed", 1, 0, Integer.MAX_VALUE));
    Path reports = Path.of(line.getOptionValue("out", "reports"));
    Path runDir = DrivenRun.newFolder(reports, "sessions");
    try (CommandTarget target = CommandTarget.open(line, name())) {
      List<SessionRun.TurnCache> turns =
          SessionRun.run(settings, target.endpoint(), target.name(), runDir, out::println);
      long completed = turns.stream().mapToLong(SessionRun.TurnCache::requests).sum();
      return completed == (long) settings.sessions() * settings.turns() ? 0 : 3;
    }
  }
}
