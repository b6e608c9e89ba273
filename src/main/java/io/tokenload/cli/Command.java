package io.tokenload.cli;

import java.io.PrintStream;

/** One subcommand of the command line. */
interface Command {

  String name();

  /** One line for the command list. */
  String summary();

  /** The arguments part of the usage line. */
  String usage();

  /** Runs with the arguments after the command's name; returns the exit code. */
  int run(String[] args, PrintStream out) throws Exception;
}
