package io.tokenload.simulations;

import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.LoadPlan;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.VerdictStep;
import io.tokenload.report.Fidelity;
import io.tokenload.report.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Benchmark: how close tokenload's measured arrival times are to the truth. The embedded target
 * runs in this JVM and notes, per token chunk, when it wrote it ({@code System.nanoTime()} after
 * the flush); the run then compares every measured arrival with it and writes {@code fidelity.json}
 * beside the usual outputs.
 *
 * <pre>
 * mvn gatling:test -Dsimulation=FidelitySimulation -Dconcurrency=256
 * mvn gatling:test -Dsimulation=FidelitySimulation -Dconcurrency=1024
 * </pre>
 *
 * <p>Defaults: 100 ms to the first token, 20 ms between tokens, 32 output tokens, eight requests
 * per stream after a warm-up of three requests per stream and at least 6,000 in all (the JIT
 * settles in the warm-up, outside the statistics). The target runs one event loop, so that target
 * and client threads fit the machine's cores. Figures: {@code docs/performance.md}.
 */
public class FidelitySimulation extends Simulation {

  private final RunSettings settings =
      RunSettings.from(
          Props.system()
              .withDefaults(
                  Map.of(
                      "concurrency", "256",
                      "output.tokens", "32",
                      "target.ttft.ms", "100",
                      "target.itl.ms", "20",
                      "warmup.requests", Integer.toString(warmupRequests()),
                      "requests", Integer.toString(8 * concurrency()))),
          System.getenv());
  // Sized for every request up front: the target's thread fills it, and a resize mid-run would
  // take time from the target, and so from the client beside it.
  private final Map<String, long[]> written =
      new ConcurrentHashMap<>(2 * (settings.warmupRequests() + settings.requests()));
  private final RunContext run = open();

  {
    setUp(LoadPlan.populations(run, settings.warmupRequests(), 0, System.out::println))
        .assertions(VerdictStep.assertion());
  }

  /**
   * Warm-up: three requests per stream, and at least {@value #JIT_WARMUP_REQUESTS} in all, so that
   * code run once per request (not only per chunk) is compiled before the first measured request.
   */
  private static int warmupRequests() {
    return Math.max(3 * concurrency(), JIT_WARMUP_REQUESTS);
  }

  /**
   * Requests after which the JIT has compiled the per-request path and the client has settled; with
   * fewer, 1,024 streams (3 warm-ups each) measured late chunks twice as late at p99.
   */
  private static final int JIT_WARMUP_REQUESTS = 6_000;

  /** The streams asked for, read before the settings so warm-up can scale with them. */
  private static int concurrency() {
    return Props.system().integer("concurrency", 256, 1, 100_000);
  }

  private RunContext open() {
    if (settings.baseUrl().isPresent()) {
      throw new IllegalArgumentException(
          "-Dbase.url is not allowed here: the fidelity benchmark needs the embedded target's write times");
    }
    int chunks = settings.outputTokens();
    try {
      return RunContext.open(
          "FidelitySimulation",
          settings,
          List.of(settings.cell()),
          target ->
              target
                  .withEventLoopThreads(1)
                  .withChunkWriteListener(
                      (requestId, chunk, nanos) -> {
                        long[] times = written.get(requestId); // no lock once the key is in
                        if (times == null) {
                          times = new long[chunks];
                          written.put(requestId, times); // only this thread writes the request
                        }
                        if (chunk < times.length) {
                          times[chunk] = nanos;
                        }
                      }));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void after() {
    VerdictStep.endRun(run);
    Fidelity.Builder fidelity = new Fidelity.Builder(written, run.startNanos());
    try {
      RecordReader.read(run.runDir().resolve("requests.jsonl"), fidelity::add);
      Fidelity result = fidelity.build(settings.cell().name(), settings.concurrency());
      new Fidelity.Report("in-process", List.of(result)).write(run.runDir());
      System.out.printf(
          "fidelity at %d streams over %d chunks: first token p50 %.3f ms p99 %.3f ms max %.3f ms;"
              + " later tokens p50 %.3f ms p99 %.3f ms max %.3f ms%n",
          result.streams(),
          result.chunks(),
          result.firstTokenMs().p50(),
          result.firstTokenMs().p99(),
          result.firstTokenMs().max(),
          result.laterTokensMs().p50(),
          result.laterTokensMs().p99(),
          result.laterTokensMs().max());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
