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
   * embeddedPreset} ({@code fixed} uses {@code embeddedTtftMs} and {@code embeddedItlMs}).
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
      String tokenizer) {}

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
   * the error rate to every cell's share of failed requests.
   */
  public record Thresholds(
      Double p99TtftMs, Double p99ItlMs, Double p99E2eMs, Double maxErrorRate, Double minRps) {

    public static final Thresholds NONE = new Thresholds(null, null, null, null, null);
  }
}
