package io.tokenload.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.drive.DrivenRun;
import io.tokenload.drive.Driver;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.report.RunReport;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.workload.Arrivals;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.SyntheticPrompts;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one probe of a search as a small load run of its own, in its own run folder: a closed loop
 * at a concurrency, or Poisson arrivals at a rate, through the load runs' client; the load runs'
 * post-processor then writes the folder's {@code summary.json}, whose cell gives the objectives'
 * statistics. Each probe's prompts have their own seed, so no probe pre-fills a prefix cache for
 * the next.
 */
final class ProbeRunner implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** How a probe is sized and shaped. */
  record Shape(
      int inputTokens,
      int outputTokens,
      int minRequests,
      int requestsPerUser,
      double probeSeconds,
      int templateOverheadTokens) {}

  private final Endpoint endpoint;
  private final Tokenizer tokenizer;
  private final Shape shape;
  private final List<Objective> slo;
  private final Path folder;
  private final String target;
  private final Driver driver;
  private int probes;

  ProbeRunner(
      Endpoint endpoint,
      String target,
      Tokenizer tokenizer,
      Shape shape,
      List<Objective> slo,
      Path folder) {
    this.endpoint = endpoint;
    this.target = target;
    this.tokenizer = tokenizer;
    this.shape = shape;
    this.slo = slo;
    this.folder = folder;
    this.driver = new Driver(tokenizer);
  }

  /** Requests sent before the first probe and recorded nowhere: a fresh JVM streams late. */
  static final int WARM_UP_REQUESTS = 8;

  /** Probes {@code level}: a concurrency ({@code rate} false) or an arrival rate. */
  Probe probe(double level, boolean rate) throws IOException, InterruptedException {
    if (probes == 0) {
      warmUp();
    }
    int n = ++probes;
    int requests =
        rate
            ? (int) Math.max(shape.minRequests(), Math.ceil(level * shape.probeSeconds()))
            : Math.max(shape.minRequests(), shape.requestsPerUser() * (int) level);
    String name = String.format("probe%02d-%s%s", n, rate ? "r" : "c", format(level));
    CellSpec cell =
        new CellSpec(
            name,
            shape.inputTokens(),
            shape.outputTokens(),
            rate ? Math.max(1, requests) : (int) level,
            requests,
            n * 1_000_003L,
            rate ? level : 0,
            rate ? 1 : 0,
            0);
    Path runDir = folder.resolve(name);
    DrivenRun.writeInfo(
        runDir,
        name,
        "tokenload search",
        target,
        endpoint,
        List.of(cell),
        tokenizer.name(),
        shape.templateOverheadTokens());
    RequestFactory factory = factory(cell);
    try (RecordWriter records = new RecordWriter(runDir.resolve(RunReport.RECORDS_FILE))) {
      long start = System.nanoTime();
      if (rate) {
        long[] arrivals = Arrivals.schedule(cell.requests(), cell.ratePerSecond(), 1, cell.seed());
        driver.scheduled(cell, factory, records::accept, start, arrivals);
      } else {
        driver.closed(cell, factory, records::accept, start);
      }
    }
    RunReport.write(runDir);
    return measured(
        level, rate, JSON.readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile()), runDir);
  }

  /** Completions at least this share of what the offered rate allows count as keeping up. */
  static final double RATE_KEPT = 0.9;

  private void warmUp() throws InterruptedException {
    CellSpec cell =
        new CellSpec(
            "warm-up", shape.inputTokens(), shape.outputTokens(), 4, WARM_UP_REQUESTS, 7_919);
    RequestFactory factory = factory(cell);
    driver.closed(cell, factory, r -> {}, System.nanoTime());
  }

  private RequestFactory factory(CellSpec cell) {
    return new RequestFactory(
        endpoint,
        cell,
        new SyntheticPrompts(
            tokenizer,
            PromptLengths.exactly(shape.inputTokens())
                .withTemplateOverhead(shape.templateOverheadTokens()),
            cell.seed()));
  }

  private Probe measured(double level, boolean rate, JsonNode summary, Path runDir) {
    JsonNode cell = summary.path("cells").path(0);
    Map<String, Double> values = new LinkedHashMap<>();
    String broken = null;
    for (Objective o : slo) {
      Double v = o.valueIn(cell);
      values.put(o.metric(), v);
      if (broken == null && (v == null || v > o.limit())) {
        broken = o.toString();
      }
    }
    JsonNode t = cell.path("throughput");
    Boolean sustained = null;
    if (rate) {
      // n requests offered over n/rate seconds end one median latency later at the soonest.
      long n = cell.path("completed").asLong() + cell.path("failed").asLong();
      double e2eS = cell.path("latency").path("e2e_ms").path("p50").asDouble(0) / 1000;
      double possible = n / (n / level + e2eS);
      sustained = t.path("requests_per_s").asDouble(0) >= RATE_KEPT * possible;
    }
    return new Probe(
        level,
        cell.path("completed").asLong(),
        cell.path("failed").asLong(),
        values,
        t.path("output_tokens_per_s").isNumber() ? t.path("output_tokens_per_s").asDouble() : null,
        t.path("requests_per_s").isNumber() ? t.path("requests_per_s").asDouble() : null,
        sustained,
        broken,
        runDir.toString());
  }

  static String format(double level) {
    return level == Math.rint(level) ? Long.toString((long) level) : String.format("%.3g", level);
  }

  @Override
  public void close() {
    driver.close();
  }
}
