package io.tokenload.gatling;

import io.gatling.core.structure.ScenarioContext;
import io.tokenload.console.LiveProgress;
import io.tokenload.metrics.RecordWriter;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RunInfo;
import io.tokenload.report.RunReport;
import io.tokenload.sample.Samples;
import io.tokenload.servermetrics.MetricsScraper;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.PromptSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * Everything one simulation run shares: the server under test (the embedded target when no base URL
 * is given), the run folder, the record writer, the stream client and the run's time origin.
 */
public final class RunContext implements AutoCloseable {

  static final String RECORDS_FILE = "requests.jsonl";

  /**
   * Warm-up requests' records, in the same format, outside every statistic: they go through the
   * same recording code as measured ones, so the JIT has compiled it before the first measured
   * request, and they show how the server (and the client) started.
   */
  static final String WARMUP_RECORDS_FILE = "warmup.jsonl";

  private static final DateTimeFormatter RUN_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  private final String simulation;
  private final Path runDir;
  private final Endpoint endpoint;
  private final Prompts prompts;
  private final TargetServer embedded;
  private final RecordWriter records;
  private final RecordWriter warmupRecords;
  private final Samples samples;
  private final RetryPolicy retry;
  private final boolean strictLengths;
  private final List<CellSpec> cells;
  private final Sharding sharding;
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final List<String> cellsOfThisPart;
  private final long startNanos;
  private final long clockNanos = System.nanoTime();
  private final long clockEpochMillis = System.currentTimeMillis();
  private final AtomicLong requestIds = new AtomicLong();
  private final String requestIdPrefix;
  private volatile StreamClient client;
  private final ClientWatch watch = new ClientWatch();
  private final MetricsScraper scraper;
  private final LiveProgress progress;
  private volatile boolean ended;
  private volatile boolean stopped;
  private Thread stopHook;

  private RunContext(
      String simulation,
      Server server,
      Path runDir,
      RunSettings settings,
      Sharding sharding,
      Set<String> finished,
      long startNanos,
      boolean resumed)
      throws IOException {
    this.simulation = simulation;
    this.runDir = runDir;
    this.endpoint = server.endpoint;
    this.prompts = server.prompts;
    this.embedded = server.embedded;
    this.strictLengths = settings.strictLengths();
    this.cells = sharding.cells();
    this.sharding = sharding;
    this.finished.addAll(finished);
    this.cellsOfThisPart =
        cells.stream().map(CellSpec::name).filter(c -> !finished.contains(c)).toList();
    this.records = new RecordWriter(runDir.resolve(RECORDS_FILE));
    this.warmupRecords = new RecordWriter(runDir.resolve(WARMUP_RECORDS_FILE));
    this.samples = new Samples(runDir, settings.samplesPerCell(), endpoint.redactor());
    this.retry = settings.retry();
    // A resumed run's clock goes on where the finished cells' records end, and its request ids
    // carry the resume time, so they never repeat the first session's.
    this.startNanos = startNanos;
    this.requestIdPrefix =
        runId() + (!resumed ? "-" : "-r" + Long.toString(clockEpochMillis / 1000, 36) + "-");
    ObserveSettings observe = ObserveSettings.from(Props.system());
    this.scraper = ServerWatch.start(observe, endpoint.baseUri(), runDir, startNanos);
    this.progress = LiveProgress.start(cells, observe.progressPeriod(), System.out::println);
  }

  /**
   * Starts the embedded target if {@code settings} names no server, checks the server, creates the
   * run folder and writes {@code run.json}.
   */
  public static RunContext open(String simulation, RunSettings settings, List<CellSpec> cells)
      throws IOException {
    return open(simulation, settings, cells, UnaryOperator.identity());
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
    Sharding sharding = Sharding.of(settings.shard(), cells);
    Server server = Server.start(settings, customize);
    try {
      Path runDir =
          uniqueDir(
              settings.reportsDir(),
              simulation.toLowerCase()
                  + "-"
                  + RUN_ID_TIME.format(Instant.now())
                  + sharding.runIdSuffix());
      // The time origin as an instant too: a merge lines up shards' records by it.
      long origin = System.nanoTime();
      Instant originAt = Instant.now();
      RunInfo info =
          server
              .runInfo(runDir.getFileName().toString(), simulation, settings, sharding.cells())
              .withShard(sharding.identity(originAt))
              .withOriginNanoTime(origin);
      info.write(runDir);
      return new RunContext(simulation, server, runDir, settings, sharding, Set.of(), origin, false)
          .withStopHook();
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
  }

  /**
   * Goes on with an interrupted run: its finished cells (from {@code progress.jsonl}) keep their
   * records; the rest, including the cut one, run again. The run's own {@code run.json} decides the
   * cells.
   */
  public static RunContext resume(Path runDir, RunSettings settings) throws IOException {
    RunInfo info = RunInfo.read(runDir);
    if (info.shard() != null) {
      throw new IllegalArgumentException(
          "-Dresume="
              + runDir
              + " is one shard of a sharded run, which cannot be resumed alone; run every shard"
              + " again");
    }
    Set<String> done = RunFolder.finishedCells(runDir);
    long lastEnd = RunFolder.keepRecordsOf(runDir, done);
    long origin = System.nanoTime() - lastEnd;
    info.withThresholds(settings.thresholds()).withOriginNanoTime(origin).write(runDir);
    Server server = Server.start(settings, UnaryOperator.identity());
    try {
      return new RunContext(
              info.simulation(),
              server,
              runDir,
              settings,
              Sharding.whole(info.cells()),
              done,
              origin,
              !done.isEmpty() || lastEnd != 0)
          .withStopHook();
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
  }

  private RunContext withStopHook() {
    stopHook = StopHook.install(this);
    return this;
  }

  private static Path uniqueDir(Path reports, String runId) {
    Path dir = reports.resolve(runId);
    for (int i = 2; dir.toFile().exists(); i++) {
      dir = reports.resolve(runId + "-" + i);
    }
    return dir;
  }

  public String runId() {
    return runDir.getFileName().toString();
  }

  public Path runDir() {
    return runDir;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  /** The prompts of {@code cell}: exact in the run's tokenizer, made before the load starts. */
  public PromptSource prompts(CellSpec cell) {
    return prompts.forCell(cell, sharding.firstPrompt(cell));
  }

  /** This run's part of a sharded load (the whole load when unsharded). */
  Sharding sharding() {
    return sharding;
  }

  /** The run's tokenizer: prompts are exact in it, and it counts output tokens without usage. */
  Tokenizer tokenizer() {
    return prompts.tokenizer();
  }

  /** The cells of the run that have not finished yet, in order. */
  public List<CellSpec> pendingCells() {
    return cells.stream().filter(c -> !finished.contains(c.name())).toList();
  }

  public List<CellSpec> cells() {
    return cells;
  }

  /** The run's time origin: the records' times are offsets from this {@code System.nanoTime()}. */
  public long startNanos() {
    return startNanos;
  }

  /** Whether a request whose usage shows another length than asked counts as failed. */
  boolean strictLengths() {
    return strictLengths;
  }

  /** Gatling's clock is wall-clock milliseconds; this maps a nanoTime onto it. */
  long epochMillis(long nanoTime) {
    return clockEpochMillis + Math.floorDiv(nanoTime - clockNanos, 1_000_000L);
  }

  /** When failed requests are sent again. */
  RetryPolicy retry() {
    return retry;
  }

  /** Where the first requests of each cell write what the server answered. */
  Samples samples() {
    return samples;
  }

  String nextRequestId() {
    return requestIdPrefix + requestIds.incrementAndGet();
  }

  /** A cell's measured load begins (its first user starts). */
  void measuredStarting() {
    watch.measuredStarting();
  }

  /** A measured request is being sent: counted in flight by the live progress. */
  void sending() {
    if (progress != null) {
      progress.sent();
    }
  }

  void record(RequestRecord record) {
    records.accept(record);
    if (progress != null) {
      progress.completed(record);
    }
    watch.measuredRecorded();
  }

  /** Writes a warm-up request's record to {@value #WARMUP_RECORDS_FILE}. */
  void recordWarmup(RequestRecord record) {
    warmupRecords.accept(record);
    watch.warmupRecorded();
  }

  /** Whether the run is being stopped (Ctrl-C, SIGTERM): no request is sent any more. */
  boolean stopped() {
    return stopped;
  }

  /**
   * Writes every queued record to disk, for the verdict read while Gatling still runs; called once
   * every request has ended.
   */
  void flushRecords() {
    records.close();
    warmupRecords.close();
  }

  void cellFinished(CellSpec cell) {
    if (stopped) {
      return; // a cell that ends as its run is stopped did not finish
    }
    finished.add(cell.name());
    // Noted after the cell's records reach the file: a watcher (the service) or a resume reads
    // the note as "the cell's records are all there".
    records.afterWritten(() -> RunFolder.cellFinished(runDir, cell.name()));
  }

  /** A rough "about N s left" from the share of the matrix's work already done. */
  String timeLeft(CellSpec justFinished) {
    double done = 0;
    double left = 0;
    for (CellSpec c : cells) {
      double work =
          c.timeBounded()
              ? c.durationSeconds()
              : Math.ceil((double) c.requests() / c.concurrency()) * c.outputTokens();
      if (finished.contains(c.name())) {
        done += work;
      } else {
        left += work;
      }
    }
    if (left == 0 || done == 0) {
      return "";
    }
    double elapsed = (System.nanoTime() - clockNanos) / 1e9;
    return String.format("; about %.0f s left", elapsed * left / done);
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
          watch.watch(ctx.coreComponents().eventLoopGroup());
        }
        c = client;
      }
    }
    return c;
  }

  /**
   * Ends the run: {@link #close()}, notes the end in {@code progress.jsonl}, then the
   * post-processor writes the run's JSON outputs. Called from a simulation's {@code after()}.
   */
  public synchronized RunReport.Result finish() {
    if (stopped) {
      StopHook.awaitHalt();
    }
    close();
    try {
      RunFolder.runEnded(runDir);
      RunReport.keepGatlingReport(
              runDir, GatlingResults.root(), simulation, clockEpochMillis, cellsOfThisPart)
          .ifPresent(
              rest ->
                  Runtime.getRuntime()
                      .addShutdownHook(new Thread(rest, "tokenload-gatling-report")));
      return RunReport.write(runDir);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the report of " + runDir + " failed", e);
    }
  }

  /**
   * Ends a run that is being stopped before {@link #finish()}: flushes the records, notes the
   * unfinished cells in {@code progress.jsonl} and writes the outputs. Empty when the run had
   * already ended. Called from {@link StopHook}.
   */
  synchronized Optional<StopHook.Stopped> stop() {
    if (ended) {
      return Optional.empty();
    }
    stopped = true;
    List<String> unfinished = pendingCells().stream().map(CellSpec::name).toList();
    close();
    RunFolder.runStopped(runDir, unfinished);
    RunReport.Result outputs = null;
    if (Files.isRegularFile(runDir.resolve(RECORDS_FILE))
        && runDir.resolve(RECORDS_FILE).toFile().length() > 0) {
      try {
        outputs = RunReport.write(runDir);
      } catch (IOException e) {
        throw new UncheckedIOException("writing the report of " + runDir + " failed", e);
      }
    }
    return Optional.of(
        new StopHook.Stopped(
            runDir,
            cells.size() - unfinished.size(),
            unfinished,
            outputs,
            System.getProperty(StopHook.ENTRY, "")));
  }

  /**
   * Flushes the records, writes the client's health and stops the embedded target. A closed run has
   * ended: the stop hook has nothing left to do.
   */
  @Override
  public synchronized void close() {
    ended = true;
    StopHook.remove(stopHook);
    stopHook = null;
    records.close();
    warmupRecords.close();
    samples.close();
    if (progress != null) {
      progress.close();
    }
    if (scraper != null) {
      scraper.close(); // before the embedded target stops: its last reading ends the last cell
    }
    watch.stopAndWrite(runDir);
    if (client != null) {
      client.close();
    }
    if (embedded != null) {
      embedded.close();
    }
  }

  /** The server under test, checked: the embedded target started here, or a real one. */
  private record Server(
      Endpoint endpoint,
      TargetServer embedded,
      Map<String, Object> targetSettings,
      Prompts prompts) {

    static Server start(RunSettings settings, UnaryOperator<TargetSettings> customize) {
      TargetServer embedded = null;
      URI base;
      Map<String, Object> target = new LinkedHashMap<>();
      if (settings.baseUrl().isPresent()) {
        base = settings.baseUrl().get();
      } else {
        TargetSettings targetSettings = TargetSettings.defaults();
        if (TargetSettings.FIXED.equals(settings.targetPreset())) {
          targetSettings =
              targetSettings
                  .withTimeToFirstToken(settings.targetTtft())
                  .withInterTokenLatency(settings.targetItl());
          target.put("ttft_ms", settings.targetTtft().toNanos() / 1e6);
          target.put("itl_ms", settings.targetItl().toNanos() / 1e6);
        } else {
          targetSettings = withPreset(targetSettings, settings.targetPreset());
        }
        target.put("preset", settings.targetPreset());
        embedded = TargetServer.start(customize.apply(targetSettings));
        base = embedded.baseUri();
      }
      try {
        String model =
            Preflight.resolveModel(
                base, settings.model(), settings.apiKey(), settings.wire().backend());
        Endpoint endpoint =
            new Endpoint(
                base,
                settings.api(),
                settings.flavour(),
                model,
                settings.apiKey(),
                settings.idleTimeout(),
                settings.streamLimits(),
                settings.wire().backend(),
                settings.wire().options());
        return new Server(endpoint, embedded, target, Prompts.forRun(endpoint, settings));
      } catch (RuntimeException e) {
        if (embedded != null) {
          embedded.close();
        }
        throw e;
      }
    }

    private static TargetSettings withPreset(TargetSettings settings, String preset) {
      try {
        return settings.withPreset(preset);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "-Dtarget.preset=" + preset + " is not allowed: " + e.getMessage(), e);
      }
    }

    RunInfo runInfo(String runId, String simulation, RunSettings settings, List<CellSpec> cells) {
      return new RunInfo(
          1,
          runId,
          simulation,
          Instant.now().toString(),
          embedded == null ? endpoint.baseUri().toString() : "embedded",
          targetSettings,
          endpoint.model(),
          settings.api().name().toLowerCase(),
          settings.flavour().name().toLowerCase(),
          settings.apiKey().map(k -> k.variable()).orElse(null),
          settings.warmupRequests(),
          cells,
          settings.slo(),
          prompts.tokenizer().name(),
          prompts.templateOverheadTokens(),
          null,
          settings.thresholds(),
          null);
    }

    void close() {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
