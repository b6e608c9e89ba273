package io.tokenload.workload;

import java.util.List;

/**
 * A run definition from {@code simulations/*.json}: the target, the matrix of cells in the order
 * they run, warm-up, cool-down and thresholds. Read and validated by {@link DefinitionReader}; the
 * schema is in {@code docs/run-definitions.md}.
 */
public record RunDefinition(
    String name,
    String description,
    Target target,
    List<CellSpec> cells,
    int warmupRequests,
    double cooldownSeconds,
    int sharedPrefixTokens,
    Thresholds thresholds,
    Source dataset) {

  /**
   * The server under test. A null {@code baseUrl} means the embedded target: its {@code
   * embeddedPreset} ({@code fixed} uses {@code embeddedTtftMs} and {@code embeddedItlMs}). {@code
   * backend} names the protocol (null: {@code api} and {@code flavour} choose the OpenAI one);
   * {@code generation} and {@code headers} go verbatim into every request; {@code stream} false
   * sends requests unstreamed (null: streamed).
   */
  public record Target(
      String baseUrl,
      String api,
      String flavour,
      String model,
      String apiKeyEnv,
      String embeddedPreset,
      double embeddedTtftMs,
      double embeddedItlMs,
      String backend,
      java.util.Map<String, Object> generation,
      java.util.Map<String, String> headers,
      Boolean stream,
      String tokenizer) {

    /** A target of the OpenAI protocol chosen by {@code api} and {@code flavour}. */
    public Target(
        String baseUrl,
        String api,
        String flavour,
        String model,
        String apiKeyEnv,
        String embeddedPreset,
        double embeddedTtftMs,
        double embeddedItlMs) {
      this(
          baseUrl,
          api,
          flavour,
          model,
          apiKeyEnv,
          embeddedPreset,
          embeddedTtftMs,
          embeddedItlMs,
          null,
          null,
          null,
          null,
          null);
    }
  }

  /**
   * Where the prompts come from ({@code synthetic}, {@code sharegpt:FILE}, {@code jsonl:FILE}) and
   * the lengths of the dataset prompts kept; a null bound is no bound. A null {@code dataset} in
   * the definition means synthetic prompts.
   */
  public record Source(
      String source,
      Integer minInputTokens,
      Integer maxInputTokens,
      Integer minOutputTokens,
      Integer maxOutputTokens) {}

  /**
   * Limits a run must meet; each null one is not checked. Latency limits apply to every cell's p99;
   * the error rate to every cell's share of failed requests. {@code strict} makes a failed validity
   * check (io.tokenload.report.Validity) fail the run too.
   */
  public record Thresholds(
      Double p99TtftMs,
      Double p99ItlMs,
      Double p99E2eMs,
      Double maxErrorRate,
      Double minRps,
      boolean strict) {

    public static final Thresholds NONE = new Thresholds(null, null, null, null, null);

    /** Limits without {@code strict}: a failed validity check only warns. */
    public Thresholds(
        Double p99TtftMs, Double p99ItlMs, Double p99E2eMs, Double maxErrorRate, Double minRps) {
      this(p99TtftMs, p99ItlMs, p99E2eMs, maxErrorRate, minRps, false);
    }
  }
}
