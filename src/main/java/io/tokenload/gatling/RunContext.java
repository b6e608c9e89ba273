package io.tokenload.gatling;

import io.gatling.core.structure.ScenarioContext;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.ClientHealth;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.transport.LoopLagProbe;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Everything one simulation run shares: the server under test (the embedded target when no base
 * URL is given), the run folder, the record writer, the stream client and the run's time origin.
 */
public final class RunContext implements AutoCloseable {

  static final String RECORDS_FILE = "requests.jsonl";
  private static final long PROBE_PERIOD_MS = 10;
  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String runId;
  private final Path runDir;
  private final Endpoint endpoint;
  private final TargetServer embedded;
  private final RecordWriter records;
  private final long startNanos;
  private final long startEpochMillis;
  private final AtomicLong requestIds = new AtomicLong();
  private final boolean strictLengths;
  private volatile StreamClient client;
  private volatile LoopLagProbe probe;

  private RunContext(
      String runId,
      Path runDir,
      Endpoint endpoint,
      TargetServer embedded,
      RecordWriter records,
      boolean strictLengths) {
    this.runId = runId;
    this.strictLengths = strictLengths;
    this.runDir = runDir;
    this.endpoint = endpoint;
    this.embedded = embedded;
    this.records = records;
    this.startEpochMillis = System.currentTimeMillis();
    this.startNanos = System.nanoTime();
  }

  /**
   * Starts the embedded target if {@code settings} names no server, checks the server, creates
   * the run folder and writes {@code run.json}.
   */
  public static RunContext open(String simulation, RunSettings settings, List<CellSpec> cells)
      throws IOException {
    return open(simulation, settings, cells, UnaryOperator.identity());
  }

  /** {@link #open}, for a simulation's field initialiser: an I/O failure is unchecked. */
  public static RunContext openOrFail(String simulation, RunSettings settings, List<CellSpec> cells) {
    try {
      return open(simulation, settings, cells);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the run: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #open}, with {@code customize} applied to the embedded target's settings (ignored when
   * the run aims at a real server).
   */
  public static RunContext open(
      String simulation,
      RunSettings settings,
      List<CellSpec> cells,
      UnaryOperator<TargetSettings> customize)
      throws IOException {
    TargetServer embedded = null;
    URI base;
    Map<String, Object> targetSettings = new LinkedHashMap<>();
    if (settings.baseUrl().isPresent()) {
      base = settings.baseUrl().get();
    } else {
      embedded =
          TargetServer.start(
              customize.apply(
                  TargetSettings.defaults()
                      .withTimeToFirstToken(settings.targetTtft())
                      .withInterTokenLatency(settings.targetItl())));
      base = embedded.baseUri();
      targetSettings.put("ttft_ms", settings.targetTtft().toNanos() / 1e6);
      targetSettings.put("itl_ms", settings.targetItl().toNanos() / 1e6);
    }
    try {
      String model = Preflight.resolveModel(base, settings.model(), settings.apiKey());
      Endpoint endpoint =
          new Endpoint(
              base, settings.api(), settings.flavour(), model, settings.apiKey(), settings.idleTimeout());
      String runId = simulation.toLowerCase() + "-" + RUN_ID_TIME.format(Instant.now());
      Path runDir = uniqueDir(settings.reportsDir(), runId);
      new RunInfo(
              1,
              runDir.getFileName().toString(),
              simulation,
              Instant.now().toString(),
              embedded == null ? base.toString() : "embedded",
              targetSettings,
              model,
              settings.api().name().toLowerCase(),
              settings.flavour().name().toLowerCase(),
              settings.apiKey().map(k -> k.variable()).orElse(null),
              settings.warmupRequests(),
              cells,
              settings.slo())
          .write(runDir);
      RecordWriter records = new RecordWriter(runDir.resolve(RECORDS_FILE));
      return new RunContext(
          runDir.getFileName().toString(), runDir, endpoint, embedded, records, settings.strictLengths());
    } catch (RuntimeException | IOException e) {
      if (embedded != null) {
        embedded.close();
      }
      throw e;
    }
  }

  private static Path uniqueDir(Path reports, String runId) {
    Path dir = reports.resolve(runId);
    for (int i = 2; dir.toFile().exists(); i++) {
      dir = reports.resolve(runId + "-" + i);
    }
    return dir;
  }

  public String runId() {
    return runId;
  }

  public Path runDir() {
    return runDir;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** Whether a request whose usage shows another length than asked counts as failed. */
  boolean strictLengths() {
    return strictLengths;
  }

  /** The run's time origin: {@code System.nanoTime()} when it started. */
  public long startNanos() {
    return startNanos;
  }

  /** Gatling's clock is wall-clock milliseconds; this maps a nanoTime onto it. */
  long epochMillis(long nanoTime) {
    return startEpochMillis + Math.floorDiv(nanoTime - startNanos, 1_000_000L);
  }

  String nextRequestId() {
    return runId + "-" + requestIds.incrementAndGet();
  }

  void record(RequestRecord record) {
    records.accept(record);
  }

  /** The stream client on Gatling's event loops, created with the first action. */
  StreamClient client(ScenarioContext ctx) {
    StreamClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          var netty = ctx.coreComponents().configuration().netty();
          client =
              StreamClient.onGatlingLoops(
                  ctx.coreComponents().eventLoopGroup(),
                  netty.useNativeTransport(),
                  netty.useIoUring());
          probe = LoopLagProbe.start(ctx.coreComponents().eventLoopGroup(), PROBE_PERIOD_MS);
        }
        c = client;
      }
    }
    return c;
  }

  /**
   * Ends the run: {@link #close()}, then the post-processor writes the run's JSON outputs. Called
   * from a simulation's {@code after()}.
   */
  public RunReport.Result finish() {
    close();
    try {
      return RunReport.write(runDir);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report of " + runDir + " failed", e);
    }
  }

  /** Flushes the records, writes the client's health and stops the embedded target. */
  @Override
  public void close() {
    records.close();
    if (probe != null) {
      try {
        ClientHealth.of(PROBE_PERIOD_MS, probe.stop()).write(runDir);
      } catch (IOException e) {
        throw new UncheckedIOException("writing " + ClientHealth.FILE + " to " + runDir + " failed", e);
      }
    }
    if (client != null) {
      client.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }
}
