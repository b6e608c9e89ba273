package io.tokenload.gatling;

import io.tokenload.metrics.Slo;
import io.tokenload.transport.StreamLimits;
import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.DatasetSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.LengthBounds;
import io.tokenload.workload.RunDefinition.Thresholds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of a single-cell streaming run, read from system properties.
 *
 * <pre>
 * requests          requests measured (default 64)
 * concurrency       requests in flight at most (default 8)
 * input.tokens      prompt length in tokens (default 128)
 * output.tokens     output length in tokens (default 128)
 * warmup.requests   requests sent first and left out of every statistic (default: concurrency)
 * seed              prompt seed (default 1)
 * base.url          server to test: its base URL, or a full endpoint URL ending in
 *                   /chat/completions or /completions; empty starts the embedded target
 * model             model name; empty asks the server's /v1/models (default empty)
 * api               chat | completions (default: the one base.url names, else chat)
 * flavour           vllm | openai: how the output length is forced (default vllm)
 * api.key.env       environment variable holding the API key (default empty: no key)
 * idle.timeout.s    fail a request whose stream is silent this long (default 60)
 * stream.max.s      fail a request whose response has not ended this long after its send (600)
 * stream.max.output.ratio  fail a stream carrying more than ratio × output.tokens (+16) (4)
 * stream.max.line.kb  fail a stream with an event-stream line or event over this many KiB (1024)
 * target.preset     embedded target: fixed (ttft/itl below) or an engine model such as
 *                   tiny-fast or 8b-h100, see docs/target.md (default fixed)
 * target.ttft.ms    embedded target: time to first token (default 100)
 * target.itl.ms     embedded target: time between tokens (default 10)
 * reports.dir       where run folders go (default reports)
 * slo.ttft.ms       goodput objective on time to first token (default: none)
 * slo.tpot.ms       goodput objective on time per output token (default: none)
 * slo.e2e.ms        goodput objective on end-to-end latency (default: none)
 * strict.lengths    true fails every request whose usage shows another length than asked
 * tokenizer         words (the embedded target's) or a tokenizer.json / model folder (default words)
 * range.ratio       input lengths vary uniformly within ±ratio of input.tokens (default 0)
 * shared.prefix.tokens  tokens every prompt of a cell starts with, counted in input.tokens (default 0)
 * template.probe    measure the chat template's tokens once and compensate them (default true)
 * dataset           synthetic | sharegpt:FILE | jsonl:FILE: where prompts come from (default
 *                   synthetic); dataset.{min,max}.{input,output}.tokens keep dataset prompts of
 *                   those lengths in the run's tokenizer (default: any)
 * client.loops      event loops of the Gatling JVM, set through the pom (default 1; checked here)
 * shard.*, start.at  this run's part of a sharded load: see {@link ShardSettings}
 * backend, generation.json, headers.json, stream  the protocol: see {@link BackendSettings}
 * retry, retry.backoff.ms  failed requests sent again: see {@link RetryPolicy}
 * samples.per.cell  measured requests per cell whose prompt and answer go to samples/ (8; 0 off)
 * p99.ttft.ms, p99.itl.ms, p99.e2e.ms, min.rps, max.error.rate
 *                   thresholds every cell must meet, or the run fails (default: none; without
 *                   max.error.rate a cell whose every request failed fails the run)
 * strict            true makes a failed validity check fail the run (default false: it warns)
 * metrics.url, metrics.period.ms, progress.period.s  see {@link ObserveSettings}
 * </pre>
 */
public record RunSettings(
    int requests,
    int concurrency,
    int inputTokens,
    int outputTokens,
    int warmupRequests,
    long seed,
    Optional<URI> baseUrl,
    String model,
    Api api,
    Flavour flavour,
    Optional<ApiKey> apiKey,
    Duration idleTimeout,
    StreamLimits streamLimits,
    String targetPreset,
    Duration targetTtft,
    Duration targetItl,
    Path reportsDir,
    Slo slo,
    boolean strictLengths,
    String tokenizer,
    double rangeRatio,
    int sharedPrefixTokens,
    boolean templateProbe,
    ShardSettings shard,
    Thresholds thresholds,
    BackendSettings wire,
    int samplesPerCell,
    RetryPolicy retry,
    DatasetSpec dataset) {

  public static RunSettings from(Props p, Map<String, String> env) {
    // Only checked here: the pom hands client.loops to Netty (io.netty.eventLoopThreads), which
    // would quietly fall back to its own default on a bad value.
    p.integer("client.loops", 1, 1, 256);
    int concurrency = p.integer("concurrency", 8, 1, 100_000);
    Optional<URI> baseUrl = baseUrl(p.string("base.url", ""));
    Flavour flavour = Flavour.parse(p.string("flavour", "vllm"), "-Dflavour");
    BackendSettings wire = BackendSettings.from(p, api(p.string("api", ""), baseUrl), flavour);
    return new RunSettings(
        p.integer("requests", 64, 1, Integer.MAX_VALUE),
        concurrency,
        p.integer("input.tokens", 128, 1, 1_000_000),
        p.integer("output.tokens", 128, 1, 1_000_000),
        p.integer("warmup.requests", concurrency, 0, 1_000_000),
        p.integer("seed", 1, 0, Integer.MAX_VALUE),
        baseUrl,
        p.string("model", ""),
        wire.api(),
        flavour,
        ApiKey.fromEnvironment(p.string("api.key.env", ""), env),
        Duration.ofMillis(Math.round(p.decimal("idle.timeout.s", 60, 0.001, 86_400) * 1000)),
        streamLimits(p),
        p.string("target.preset", "fixed"),
        Duration.ofNanos(Math.round(p.decimal("target.ttft.ms", 100, 0, 3_600_000) * 1e6)),
        Duration.ofNanos(Math.round(p.decimal("target.itl.ms", 10, 0, 3_600_000) * 1e6)),
        Path.of(p.string("reports.dir", "reports")),
        new Slo(
            p.optionalDecimal("slo.ttft.ms", 0, 3_600_000),
            p.optionalDecimal("slo.tpot.ms", 0, 3_600_000),
            p.optionalDecimal("slo.e2e.ms", 0, 3_600_000)),
        p.bool("strict.lengths", false),
        p.string("tokenizer", "words"),
        p.decimal("range.ratio", 0, 0, 0.99),
        p.integer("shared.prefix.tokens", 0, 0, 1_000_000),
        p.bool("template.probe", true),
        ShardSettings.from(p, env),
        thresholds(p),
        wire,
        p.integer("samples.per.cell", 8, 0, 1000),
        RetryPolicy.from(p),
        dataset(p));
  }

  /** The run's thresholds: a run definition's are these properties' defaults (MatrixSimulation). */
  static Thresholds thresholds(Props p) {
    return new Thresholds(
        p.optionalDecimal("p99.ttft.ms", 0, 3_600_000),
        p.optionalDecimal("p99.itl.ms", 0, 3_600_000),
        p.optionalDecimal("p99.e2e.ms", 0, 3_600_000),
        p.optionalDecimal("max.error.rate", 0, 1),
        p.optionalDecimal("min.rps", 0, 1_000_000_000),
        p.bool("strict", false));
  }

  /** {@code -Ddataset} and its length bounds. */
  static DatasetSpec dataset(Props p) {
    int max = Integer.MAX_VALUE; // LengthBounds prints it as "any"
    int minInput = p.integer("dataset.min.input.tokens", 1, 1, max);
    int maxInput = p.integer("dataset.max.input.tokens", max, 1, max);
    int minOutput = p.integer("dataset.min.output.tokens", 1, 1, max);
    int maxOutput = p.integer("dataset.max.output.tokens", max, 1, max);
    if (maxInput < minInput || maxOutput < minOutput) {
      throw new IllegalArgumentException(
          "-Ddataset.max.input.tokens and -Ddataset.max.output.tokens must be at least their"
              + " minimums; they were "
              + minInput
              + ".."
              + maxInput
              + " and "
              + minOutput
              + ".."
              + maxOutput);
    }
    return DatasetSpec.parse(
        p.string("dataset", "synthetic"),
        "-Ddataset",
        new LengthBounds(minInput, maxInput, minOutput, maxOutput));
  }

  private static StreamLimits streamLimits(Props p) {
    StreamLimits d = StreamLimits.DEFAULTS;
    return new StreamLimits(
        Duration.ofMillis(
            Math.round(
                p.decimal("stream.max.s", d.maxDuration().toSeconds(), 0.001, 86_400) * 1000)),
        p.integer("stream.max.line.kb", d.maxLineBytes() / 1024, 1, 1024 * 1024) * 1024,
        p.decimal("stream.max.output.ratio", d.maxOutputRatio(), 1, 1_000_000));
  }

  private static final String BASE_URL_ALLOWED =
      "an http:// or https:// URL with a host, such as http://127.0.0.1:8000";

  /** The single cell these settings describe. */
  public CellSpec cell() {
    return CellSpec.of(inputTokens, outputTokens, concurrency, requests, seed);
  }

  /**
   * {@code -Dapi}, or the API a full endpoint URL in {@code base.url} names; chat when neither
   * says.
   */
  static Api api(String raw, Optional<URI> baseUrl) {
    Optional<Api> named = baseUrl.flatMap(Endpoint::apiNamedBy);
    if (raw.isEmpty()) {
      return named.orElse(Api.CHAT);
    }
    Api api = Api.parse(raw, "-Dapi");
    if (named.isPresent() && named.get() != api) {
      throw new IllegalArgumentException(
          "-Dapi="
              + raw
              + " disagrees with -Dbase.url="
              + baseUrl.get()
              + ", the "
              + named.get().name().toLowerCase()
              + " endpoint; give either the server's base URL or leave -Dapi out");
    }
    return api;
  }

  static Optional<URI> baseUrl(String raw) {
    if (raw.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(raw);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw Props.invalid("base.url", raw, BASE_URL_ALLOWED);
      }
      return Optional.of(uri);
    } catch (URISyntaxException e) {
      throw Props.invalid("base.url", raw, BASE_URL_ALLOWED);
    }
  }
}
