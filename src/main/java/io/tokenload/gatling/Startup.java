package io.tokenload.gatling;

import io.tokenload.workload.InexactPromptException;
import io.tokenload.workload.TemplateProbe;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;

/**
 * The guard around a simulation's start-up in Gatling's JVM, which is an entry point like {@code
 * cli.Main}: a user error (a bad property, definition, URL, key or model) ends the JVM with one
 * line on stderr and exit code 1, before any load.
 *
 * <p>Without it the error rises out of the simulation's constructor, and Gatling logs it with its
 * stack trace ("Run crashed") and gatling-maven-plugin's fork prints the same trace again: 50-100
 * lines in which the one line that matters is a {@code Caused by:}.
 */
public final class Startup {

  /**
   * The Gatling JVM's exit code for a user error. Not 2, the code of {@code cli.Main} and {@code
   * run_1k_4k.sh}: gatling-maven-plugin reads 2 as "Gatling simulation assertions failed", and any
   * other code as "Gatling failed"; {@code mvn} exits 1 either way.
   */
  public static final int USER_ERROR = 1;

  /** A start-up step that may fail. */
  @FunctionalInterface
  public interface Step<T> {
    T get() throws IOException;
  }

  private Startup() {}

  /**
   * Runs {@code step}; a user error prints {@code tokenload: <message>} and exits the JVM with
   * {@value #USER_ERROR}. Anything else (a bug) rises with its stack trace.
   */
  public static <T> T orExit(Step<T> step) {
    try {
      return step.get();
    } catch (IOException e) {
      throw exit(e, System.err);
    } catch (RuntimeException e) {
      if (isUserError(e)) {
        throw exit(e, System.err);
      }
      throw e;
    }
  }

  /** Ends the JVM with {@code code} after one line on stdout: a start-up with nothing to do. */
  public static RuntimeException done(String line, int code) {
    System.out.println("tokenload: " + line);
    System.out.flush();
    System.exit(code);
    return new IllegalStateException("unreachable: the JVM is exiting");
  }

  /** Whether {@code e} is something the user can fix from the command line or the files given. */
  public static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof UncheckedIOException
        || e instanceof InexactPromptException
        || e instanceof TemplateProbe.TokenizerMismatchException;
  }

  /** The line a user error is printed as: its message, never its stack trace. */
  public static String line(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static RuntimeException exit(Exception e, PrintStream err) {
    err.println("tokenload: " + line(e));
    err.flush();
    System.exit(USER_ERROR);
    return new IllegalStateException("unreachable: the JVM is exiting", e);
  }
}
