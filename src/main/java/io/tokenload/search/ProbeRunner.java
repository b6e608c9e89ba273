package io.tokenload.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.stream.RecordingListener;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.Arrivals;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.SyntheticPrompts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

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
  private final StreamClient client = StreamClient.create(1);
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
    new RunInfo(
            1,
            name,
            "tokenload search",
            Instant.now().toString(),
            target,
            Map.of(),
            endpoint.model(),
            endpoint.api().name().toLowerCase(),
            endpoint.flavour().name().toLowerCase(),
            null,
            0,
            List.of(cell),
            null,
            tokenizer.name(),
            shape.templateOverheadTokens())
        .write(runDir);
    RequestFactory factory = factory(cell);
    try (RecordWriter records = new RecordWriter(runDir.resolve(RunReport.RECORDS_FILE))) {
      long start = System.nanoTime();
      if (rate) {
        open(cell, factory, records::accept, start);
      } else {
        closed(cell, factory, records::accept, start);
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
    closed(cell, factory, r -> {}, System.nanoTime());
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

  private void closed(
      CellSpec cell, RequestFactory factory, Consumer<RequestRecord> records, long start)
      throws InterruptedException {
    CountDownLatch done = new CountDownLatch(cell.requests());
    AtomicInteger next = new AtomicInteger();
    Runnable[] user = new Runnable[1];
    user[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i < cell.requests()) {
            send(
                cell,
                factory,
                i,
                start,
                System.nanoTime(),
                r -> {
                  records.accept(r);
                  done.countDown();
                  // Off the event loop's stack: a server failing at once would nest sends.
                  CompletableFuture.runAsync(user[0]);
                });
          }
        };
    for (int u = 0; u < Math.min(cell.concurrency(), cell.requests()); u++) {
      user[0].run();
    }
    done.await();
  }

  private void open(
      CellSpec cell, RequestFactory factory, Consumer<RequestRecord> records, long start)
      throws InterruptedException {
    long[] arrivals = Arrivals.schedule(cell.requests(), cell.ratePerSecond(), 1, cell.seed());
    CountDownLatch done = new CountDownLatch(cell.requests());
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < arrivals.length; i++) {
        int index = i;
        long intended = start + arrivals[i];
        timer.schedule(
            () ->
                send(
                    cell,
                    factory,
                    index,
                    start,
                    intended,
                    r -> {
                      records.accept(r);
                      done.countDown();
                    }),
            Math.max(0, intended - System.nanoTime()),
            TimeUnit.NANOSECONDS);
      }
      done.await();
    } finally {
      timer.shutdownNow();
    }
  }

  private void send(
      CellSpec cell,
      RequestFactory factory,
      int index,
      long start,
      long intended,
      Consumer<RequestRecord> onDone) {
    String id = cell.name() + "-" + index;
    RequestFactory.Planned planned;
    try {
      planned = factory.plan(index, id);
    } catch (RuntimeException e) {
      new RecordingListener(
              new RecordingListener.Asked(
                  id, cell.name(), start, intended, -1, cell.outputTokens(), tokenizer),
              onDone)
          .onFailure(System.nanoTime(), "no request built: " + e.getMessage());
      return;
    }
    RecordingListener listener =
        new RecordingListener(
            new RecordingListener.Asked(
                id,
                cell.name(),
                start,
                intended,
                planned.promptTokensAsked(),
                planned.outputTokensAsked(),
                tokenizer),
            onDone);
    try {
      client.send(planned.request(), null, listener);
    } catch (RuntimeException e) {
      listener.onFailure(System.nanoTime(), "not sent: " + e.getMessage());
    }
  }

  static String format(double level) {
    return level == Math.rint(level) ? Long.toString((long) level) : String.format("%.3g", level);
  }

  @Override
  public void close() {
    client.close();
  }
}
