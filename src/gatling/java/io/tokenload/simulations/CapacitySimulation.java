package io.tokenload.simulations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.CpuSampler;
import io.tokenload.gatling.LoadPlan;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.Startup;
import io.tokenload.gatling.VerdictStep;
import io.tokenload.report.RecordReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark: how many chunks per second the client takes in, and the client's CPU time per 1,000
 * chunks, against a target that answers with no delay. The target runs in its own process, so the
 * CPU counted here is the client's alone (Gatling, transport, decoding, recording):
 *
 * <pre>
 * ./tokenload serve --port 8001 --ttft-ms 0 --itl-ms 0 &amp;
 * mvn gatling:test -Dsimulation=CapacitySimulation -Dbase.url=http://127.0.0.1:8001
 * kill %1
 * </pre>
 *
 * <p>Defaults: 64 streams, 1,024 output tokens each, 8 requests per stream after one warm-up
 * request per stream. Writes {@code capacity.json}; figures in {@code docs/performance.md}.
 */
public class CapacitySimulation extends Simulation {

  private final RunSettings settings =
      RunSettings.from(
          Props.system()
              .withDefaults(
                  Map.of(
                      "concurrency", "64",
                      "requests", Integer.toString(8 * concurrency()),
                      "output.tokens", "1024",
                      "input.tokens", "64")),
          System.getenv());
  private final RunContext run =
      Startup.orExit(
          () -> RunContext.open("CapacitySimulation", settings, List.of(settings.cell())));
  private final CpuSampler cpu = new CpuSampler();

  {
    setUp(LoadPlan.populations(run, settings.warmupRequests(), 0, System.out::println))
        .assertions(VerdictStep.assertion());
  }

  /** The streams asked for, read before the settings so the request count can scale with them. */
  private static int concurrency() {
    return Props.system().integer("concurrency", 64, 1, 100_000);
  }

  @Override
  public void after() {
    VerdictStep.endRun(run);
    cpu.close();
    long[] window = {Long.MAX_VALUE, Long.MIN_VALUE};
    long[] chunks = {0};
    try {
      RecordReader.read(
          run.runDir().resolve("requests.jsonl"),
          r -> {
            window[0] = Math.min(window[0], r.sentNanos());
            window[1] = Math.max(window[1], r.sentNanos() + r.endNanos());
            chunks[0] += r.chunkNanos().length;
          });
      double seconds = (window[1] - window[0]) / 1e9;
      long cpuNanos =
          cpu.cpuNanosBetween(run.startNanos() + window[0], run.startNanos() + window[1]);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("streams", settings.concurrency());
      result.put("chunks", chunks[0]);
      result.put("duration_s", seconds);
      result.put("chunks_per_s", chunks[0] / seconds);
      result.put("cpu_ms_per_1000_chunks", cpuNanos / 1e6 / (chunks[0] / 1000.0));
      result.put("client_cpu_cores", cpuNanos / 1e9 / seconds);
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(run.runDir().resolve("capacity.json").toFile(), result);
      System.out.println("capacity: " + result);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
