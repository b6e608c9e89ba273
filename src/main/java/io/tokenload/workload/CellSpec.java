package io.tokenload.workload;

/**
 * One cell of a run's matrix: fixed input and output lengths at one concurrency.
 *
 * @param name stable name used in reports, such as {@code in128-out128-c4}
 * @param inputTokens prompt length in tokens
 * @param outputTokens output length in tokens, forced where the server allows it
 * @param concurrency requests in flight at most
 * @param requests requests measured in this cell
 * @param seed seed of this cell's prompts
 */
public record CellSpec(
    String name, int inputTokens, int outputTokens, int concurrency, int requests, long seed) {

  public CellSpec {
    requireAtLeast("inputTokens", inputTokens, 1);
    requireAtLeast("outputTokens", outputTokens, 1);
    requireAtLeast("concurrency", concurrency, 1);
    requireAtLeast("requests", requests, 1);
  }

  public static CellSpec of(int inputTokens, int outputTokens, int concurrency, int requests, long seed) {
    String name = "in" + inputTokens + "-out" + outputTokens + "-c" + concurrency;
    return new CellSpec(name, inputTokens, outputTokens, concurrency, requests, seed);
  }

  private static void requireAtLeast(String field, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(field + " was " + value + ", must be at least " + min);
    }
  }
}
