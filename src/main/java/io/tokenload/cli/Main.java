package io.tokenload.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * tokenload's command line: {@code tokenload <command> [options]}. The only class that prints and
 * exits; commands throw {@link UsageException} for bad input and let other failures rise.
 *
 * <p>Exit codes: 0 success, 1 the command failed (an unreadable run, say), 2 bad usage. Commands
 * that judge a run ({@code gate}, {@code compare}) exit 3 when the run fails the judgement.
 */
public final class Main {

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    register(new ReportCommand());
    register(new CompareCommand());
    register(new GateCommand());
    register(new ServeCommand());
    register(new WriteTinyModelCommand());
    register(new CheckRunCommand());
    register(new MergeCommand());
    register(new EvalCommand());
    register(new MergeIndicatorsCommand());
    register(new ServerCommand());
    register(new BatchCommand());
    register(new ModelsCommand());
    register(new SearchCommand());
    register(new ReplayCommand());
    register(new SessionsCommand());
    register(new FidelityCommand());
  }

  private Main() {}

  private static void register(Command c) {
    COMMANDS.put(c.name(), c);
  }

  /**
   * Runs and exits with the command's code. Exiting is not only for the code: a JVM that loaded a
   * llama.cpp model keeps a non-daemon native thread, so it would not end by itself.
   */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; returns the exit code. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0
        || args[0].equals("-h")
        || args[0].equals("--help")
        || args[0].equals("help")) {
      usage(args.length == 0 ? err : out);
      return args.length == 0 ? 2 : 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println(
          "tokenload: unknown command '"
              + args[0]
              + "'; commands: "
              + String.join(", ", COMMANDS.keySet()));
      return 2;
    }
    try {
      return command.run(Arrays.copyOfRange(args, 1, args.length), out);
    } catch (InputError e) {
      err.println(e.getMessage());
      return 2;
    } catch (UsageException e) {
      err.println("tokenload " + command.name() + ": " + e.getMessage());
      err.println("usage: tokenload " + command.name() + " " + command.usage());
      return 2;
    } catch (Exception e) {
      err.println("tokenload " + command.name() + ": " + e.getMessage());
      return 1;
    }
  }

  private static void usage(PrintStream out) {
    out.println("usage: tokenload <command> [options]");
    out.println();
    for (Command c : COMMANDS.values()) {
      out.printf("  %-17s %s%n", c.name(), c.summary());
    }
    out.println();
    out.println("tokenload <command> --help shows a command's options.");
  }
}
