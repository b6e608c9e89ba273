package io.tokenload.gatling;

import io.tokenload.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a run leaves when its JVM is told to stop (Ctrl-C, SIGTERM) before the simulation's {@code
 * after()}: every finished request's record flushed to {@code requests.jsonl}, a stop line in
 * {@code progress.jsonl} naming the unfinished cells (the cut one first), the outputs of the run
 * written by the post-processor, and the command that resumes it. Java runs it as a shutdown hook;
 * after a run that ended by itself it does nothing.
 */
final class StopHook {

  /**
   * How long the outputs may take. A JVM told to stop is expected to end within seconds; the
   * post-processor reads every record once, which takes a few seconds per million requests.
   */
  static final Duration BOUND = Duration.ofSeconds(30);

  /** The property {@code run_1k_4k.sh} sets, so the resume command is given in its flags. */
  static final String ENTRY = "tokenload.entry";

  private StopHook() {}

  /** What {@link RunContext#stop()} did. */
  record Stopped(
      Path runDir, int finished, List<String> unfinished, RunReport.Result outputs, String entry) {}

  static Thread install(RunContext run) {
    Thread hook = new Thread(() -> runBounded(run, System.out), "tokenload-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** Unregisters {@code hook} (null: none), unless the JVM is already running it. */
  static void remove(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: this is the stop hook's own close.
    }
  }

  /**
   * Waits for the JVM to halt: for a simulation's {@code after()} on a run being stopped. Gatling
   * goes on while the hook runs, its cells ending early as their requests fail; the hook writes and
   * prints the run's end, and the JVM halts when it is done, so {@code after()} must neither write
   * nor print it a second time.
   */
  static void awaitHalt() {
    while (true) {
      try {
        Thread.sleep(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        // Still halting.
      }
    }
  }

  static void runBounded(RunContext run, PrintStream out) {
    Thread work = new Thread(() -> stop(run, out), "tokenload-stop-outputs");
    work.setDaemon(true);
    work.start();
    try {
      work.join(BOUND.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (work.isAlive()) {
      out.println(
          "tokenload: writing the outputs of "
              + run.runDir()
              + " took longer than "
              + BOUND.toSeconds()
              + " s and was left; ./tokenload report "
              + run.runDir()
              + " writes them");
    }
  }

  private static void stop(RunContext run, PrintStream out) {
    try {
      run.stop().ifPresent(s -> lines(s).forEach(out::println));
    } catch (RuntimeException e) {
      out.println("tokenload: stopping " + run.runDir() + " failed: " + e.getMessage());
    }
    out.flush();
  }

  static List<String> lines(Stopped s) {
    int total = s.finished() + s.unfinished().size();
    String stopped =
        s.unfinished().isEmpty()
            ? "tokenload: stopped after all " + total + " cells finished, before the run's end"
            : cutLine(s, total);
    String outputs =
        s.outputs() == null
            ? "tokenload: no request finished; " + s.runDir() + " has no outputs"
            : s.outputs().describe();
    return List.of(stopped, outputs, "tokenload: resume with: " + resumeCommand(s));
  }

  private static String cutLine(Stopped s, int total) {
    return "tokenload: stopped: "
        + s.finished()
        + " of "
        + total
        + " cells finished; "
        + s.unfinished().get(0)
        + " was cut"
        + (s.unfinished().size() > 1
            ? " and " + (s.unfinished().size() - 1) + " more did not run"
            : "")
        + " (progress.jsonl lists the unfinished cells)";
  }

  private static String resumeCommand(Stopped s) {
    if (!Files.isRegularFile(s.runDir().resolve(MatrixInputs.DEFINITION_COPY))) {
      return "(a single-cell run does not resume: run it again)";
    }
    return "run_1k_4k.sh".equals(s.entry())
        ? "./run_1k_4k.sh --resume " + s.runDir()
        : "mvn gatling:test -Dsimulation=MatrixSimulation -Dresume=" + s.runDir();
  }
}
