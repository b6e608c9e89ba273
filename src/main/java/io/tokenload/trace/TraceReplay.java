package io.tokenload.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.drive.DrivenRun;
import io.tokenload.drive.Driver;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.report.RunReport;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.RequestFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Replays a trace against an endpoint on the trace's own schedule: request {@code i} is due {@code
 * (timestamp_i − timestamp_0) / speed} after the start, whatever is in flight (an open model), with
 * its prompt built from its {@code hash_ids} ({@link TracePrompts}) and its output length. Each
 * record's intended time is that due time, so the summary's send lag is lateness against the trace.
 * The run folder is an ordinary run folder with one cell, {@code trace}.
 */
public final class TraceReplay {

  /** The cell every replayed request belongs to. */
  public static final String CELL = "trace";

  /**
   * @param speed how many times faster than recorded (2 halves every gap)
   * @param blockTokens tokens per hash id (Mooncake's traces use 512)
   * @param limit replay at most this many requests, from the first
   */
  public record Settings(Path trace, double speed, int blockTokens, int limit) {}

  private TraceReplay() {}

  /** Replays {@code s.trace()} into {@code runDir}; returns the summary's run-level node. */
  public static JsonNode run(
      Settings s,
      Endpoint endpoint,
      String target,
      int templateOverheadTokens,
      Path runDir,
      Consumer<String> console)
      throws IOException, InterruptedException {
    List<TraceEntry> all = TraceReader.read(s.trace());
    List<TraceEntry> entries = all.subList(0, Math.min(all.size(), s.limit()));
    long first = entries.get(0).timestampMs();
    long[] offsets = new long[entries.size()];
    int maxOutput = 1;
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = Math.round((entries.get(i).timestampMs() - first) * 1e6 / s.speed());
      maxOutput = Math.max(maxOutput, entries.get(i).outputLength());
    }
    double spanS = Math.max(offsets[offsets.length - 1] / 1e9, 0.001);
    CellSpec cell =
        new CellSpec(
            CELL,
            entries.get(0).inputLength(),
            maxOutput,
            entries.size(),
            entries.size(),
            0,
            entries.size() / spanS,
            1,
            0);
    WordTokenizer words = WordTokenizer.instance();
    DrivenRun.writeInfo(
        runDir,
        runDir.getFileName().toString(),
        "tokenload replay " + s.trace(),
        target,
        endpoint,
        List.of(cell),
        words.name(),
        templateOverheadTokens);
    console.accept(
        String.format(
            Locale.ROOT,
            "tokenload replay: %d requests of %s over %.1f s (speed %s) on %s",
            entries.size(),
            s.trace(),
            spanS,
            s.speed(),
            target));
    RequestFactory factory =
        new RequestFactory(
            endpoint, cell, new TracePrompts(entries, s.blockTokens(), templateOverheadTokens));
    try (Driver driver = new Driver(words);
        RecordWriter records = new RecordWriter(runDir.resolve(RunReport.RECORDS_FILE))) {
      driver.scheduled(cell, factory, records::accept, System.nanoTime(), offsets);
    }
    RunReport.write(runDir);
    JsonNode run =
        new ObjectMapper().readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile()).path("run");
    JsonNode lag = run.path("client").path("send_lag_ms");
    console.accept(
        String.format(
            Locale.ROOT,
            "tokenload replay: %d completed, %d failed; send lag against the trace's schedule p50 %s"
                + " ms, p99 %s ms, max %s ms; TTFT p99 %s ms",
            run.path("completed").asLong(),
            run.path("failed").asLong(),
            lag.path("p50").asText(),
            lag.path("p99").asText(),
            lag.path("max").asText(),
            run.path("latency").path("ttft_ms").path("p99").asText()));
    console.accept("tokenload replay: results in " + runDir);
    return run;
  }
}
