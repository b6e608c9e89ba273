package io.tokenload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.Status;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.tokenload.report.BenchBlock;
import io.tokenload.report.Check;
import io.tokenload.report.MatrixTable;
import io.tokenload.report.RunReport;
import io.tokenload.report.RunVerdict;
import java.io.IOException;
import java.util.List;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The run's last step: when every cell has ended, the post-processor judges the records ({@link
 * RunReport#verdict}) and the verdict goes into Gatling's own statistics as {@value #RECORD}
 * records: one KO per failed check (the check is the message), or one OK. {@link #assertion()} on
 * them fails the run the way Gatling's assertions do: Gatling exits 2, {@code mvn} fails the build,
 * and no stack trace is printed. This is how a limit Gatling has no record of (ITL, requests/s, a
 * cell cut short, every request failed) reaches the exit code: an exception thrown from a
 * simulation's {@code after()} hook instead makes Gatling log a crash and skip its report.
 *
 * <p>Gatling's log is still open here, so this verdict reads {@code requests.jsonl} only; the full
 * report, with Gatling's cross-check, is written in {@code after()} and reaches the same verdict.
 */
public final class VerdictStep {

  /** The name of the verdict's records in Gatling's statistics and report. */
  public static final String RECORD = "tokenload verdict";

  private static final Status OK = Status.apply("OK");
  private static final Status KO = Status.apply("KO");
  private static final Logger LOG = Logger.apply(LoggerFactory.getLogger(VerdictStep.class));

  private VerdictStep() {}

  /**
   * The assertion that turns a failed verdict into a failed run. It also fails a run that never
   * reached its verdict (Gatling finds no {@value #RECORD} record).
   */
  public static Assertion assertion() {
    return details(RECORD).failedRequests().count().is(0L);
  }

  /**
   * Ends the run from a simulation's {@code after()}: the full report ({@link
   * RunContext#finish()}), one line of counts and where the results are, every warning, the table
   * of cells with the errors by kind, and the verdict's PASS/FAIL lines printed last ({@link
   * #printLast}).
   */
  public static RunReport.Result endRun(RunContext run) {
    RunReport.Result result = run.finish();
    System.out.println(result.describe());
    result.warnings().forEach(w -> System.out.println("tokenload: warning: " + w));
    try {
      System.out.println(MatrixTable.render(run.runDir()));
    } catch (IOException e) {
      System.out.println("tokenload: cannot print the table of cells: " + e.getMessage());
    }
    List<String> block;
    try {
      block = BenchBlock.lines(run.runDir());
    } catch (IOException | RuntimeException e) {
      block = List.of("tokenload: cannot print the result block: " + e.getMessage());
    }
    printLast(block, result.verdict());
    return result;
  }

  /**
   * Prints {@code verdict}'s lines when the JVM exits, after Gatling's own output (its statistics,
   * assertions and the path of its report), so that a run's last lines are its PASS/FAIL lines.
   */
  public static void printLast(RunVerdict verdict) {
    printLast(List.of(), verdict);
  }

  /** {@link #printLast(RunVerdict)}, with {@code block} (the result block) just before. */
  public static void printLast(List<String> block, RunVerdict verdict) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  block.forEach(System.out::println);
                  verdict.lines().forEach(System.out::println);
                  System.out.flush();
                },
                "tokenload-verdict-lines"));
  }

  /** One user that judges the run, after every cell's population. */
  static PopulationBuilder population(RunContext run) {
    io.gatling.javaapi.core.ActionBuilder judge = () -> new Builder(run);
    return scenario(RECORD).exec(judge).injectOpen(atOnceUsers(1));
  }

  private record Builder(RunContext run) implements io.gatling.core.action.builder.ActionBuilder {
    @Override
    public Action build(ScenarioContext ctx, Action next) {
      return new Judge(run, ctx.coreComponents().statsEngine(), next);
    }
  }

  private record Judge(RunContext run, StatsEngine stats, Action next) implements JavaAction {

    @Override
    public String name() {
      return RECORD;
    }

    @Override
    public void execute(Session session) {
      // Reading every record can take seconds: not on the event loop, which other users share.
      Thread worker =
          new Thread(
              () -> {
                try {
                  List<String> failures = judge();
                  long now = System.currentTimeMillis();
                  if (failures.isEmpty()) {
                    log(session, now, OK, Option.empty());
                  }
                  failures.forEach(f -> log(session, now, KO, Option.apply(f)));
                } finally {
                  // Whatever happened, the user leaves, so the run ends (without a verdict record
                  // its assertion fails).
                  session.eventLoop().execute(() -> next.$bang(session));
                }
              },
              "tokenload-verdict");
      worker.setDaemon(true);
      worker.start();
    }

    /** The failed checks' lines; a verdict that cannot be reached is a failure too. */
    private List<String> judge() {
      try {
        run.flushRecords();
        RunVerdict verdict = RunReport.verdict(run.runDir());
        return verdict.failures().stream().map(Check::describe).toList();
      } catch (IOException | RuntimeException e) {
        return List.of("FAIL the verdict could not be reached: " + e.getMessage());
      }
    }

    private void log(Session session, long now, Status status, Option<String> message) {
      stats.logResponse(
          session.scenario(), session.groups(), RECORD, now, now, status, Option.empty(), message);
    }

    @Override
    public Logger logger() {
      return LOG;
    }
  }
}
