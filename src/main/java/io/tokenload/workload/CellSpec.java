package io.tokenload.workload;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One cell of a run's matrix: fixed input and output lengths under one load level.
 *
 * @param name stable name used in reports, such as {@code in128-out128-c4} or {@code
 *     in128-out128-r2}
 * @param inputTokens prompt length in tokens
 * @param outputTokens output length in tokens, forced where the server allows it
 * @param concurrency requests in flight at most (for an open model: its cap)
 * @param requests requests measured in this cell (a time-bounded cell sends until its duration
 *     ends, at most this many)
 * @param seed seed of this cell's prompts and arrival times
 * @param ratePerSecond an open model's arrival rate; 0 for a closed model
 * @param burstiness the gamma shape of an open model's gaps (1 = Poisson)
 * @param durationSeconds a time-bounded cell's length (a ramp step's dwell); 0 for a count-bounded
 *     one
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record CellSpec(
    String name,
    int inputTokens,
    int outputTokens,
    int concurrency,
    int requests,
    long seed,
    @JsonProperty("ratePerSecond") double ratePerSecond,
    double burstiness,
    double durationSeconds) {

  public CellSpec {
    requireAtLeast("inputTokens", inputTokens, 1);
    requireAtLeast("outputTokens", outputTokens, 1);
    requireAtLeast("concurrency", concurrency, 1);
    requireAtLeast("requests", requests, 1);
    if (ratePerSecond < 0 || burstiness < 0 || durationSeconds < 0) {
      throw new IllegalArgumentException(
          "cell " + name + ": rate, burstiness and duration must not be negative");
    }
  }

  /** A closed, count-bounded cell. */
  public CellSpec(
      String name, int inputTokens, int outputTokens, int concurrency, int requests, long seed) {
    this(name, inputTokens, outputTokens, concurrency, requests, seed, 0, 0, 0);
  }

  public static CellSpec of(
      int inputTokens, int outputTokens, int concurrency, int requests, long seed) {
    String name = "in" + inputTokens + "-out" + outputTokens + "-c" + concurrency;
    return new CellSpec(name, inputTokens, outputTokens, concurrency, requests, seed);
  }

  /** True for an open model: requests arrive at {@link #ratePerSecond}, whatever is in flight. */
  public boolean open() {
    return ratePerSecond > 0;
  }

  /** True when the cell ends after {@link #durationSeconds} rather than after its requests. */
  public boolean timeBounded() {
    return durationSeconds > 0;
  }

  private static void requireAtLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " was " + value + ", must be at least " + min);
    }
  }
}
