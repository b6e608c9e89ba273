package io.tokenload.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * How seed 002's batch format pairs its two lists: {@code num_prompts_list[i]} requests are sent at
 * {@code max_concurrency_list[i]}, by position; when there are fewer request counts than levels,
 * the last count is carried on to the remaining levels (the seed's own {@code run_1k_4K_equivalent}
 * has 9 counts for 11 levels, so 512 and 1024 get 1024 each). More counts than levels is refused:
 * which counts to drop cannot be guessed.
 *
 * <p>The one owner of this rule: the service, {@code tokenload batch} and {@code run_1k_4k.sh
 * --config batch_test_config.json} all pair through {@link #of}. The plain {@code --parallel} and
 * {@code --number} flags stay strict (equal lengths).
 */
public record LoadPairing(List<Level> levels) {

  /** One load level: {@code requests} sent with at most {@code concurrency} in flight. */
  public record Level(int concurrency, int requests, boolean countCarried) {

    /** {@code c=512 n=1024 (carried)}. */
    public String describe() {
      return "c=" + concurrency + " n=" + requests + (countCarried ? " (carried)" : "");
    }
  }

  public static final String RULE =
      "num_prompts_list[i] is paired with max_concurrency_list[i] by position; with fewer counts"
          + " than levels the last count is carried on to the remaining levels";

  public LoadPairing {
    levels = List.copyOf(levels);
  }

  /**
   * Pairs {@code counts} with {@code concurrencies}; {@code where} prefixes the error (a file or
   * "request body").
   *
   * @throws IllegalArgumentException when either list is empty or there are more counts than levels
   */
  public static LoadPairing of(List<Integer> counts, List<Integer> concurrencies, String where) {
    if (counts.isEmpty() || concurrencies.isEmpty()) {
      throw new IllegalArgumentException(
          where
              + ": num_prompts_list and max_concurrency_list need at least one number each; allowed:"
              + " lists such as [8, 16] and [1, 2]");
    }
    if (counts.size() > concurrencies.size()) {
      int extra = counts.size() - concurrencies.size();
      throw new IllegalArgumentException(
          where
              + ": num_prompts_list has "
              + counts.size()
              + " request counts but max_concurrency_list only "
              + concurrencies.size()
              + " levels, so "
              + extra
              + " count(s) have no level to run at; remove the last "
              + extra
              + " count(s) or add "
              + extra
              + " concurrency level(s)");
    }
    List<Level> levels = new ArrayList<>();
    for (int i = 0; i < concurrencies.size(); i++) {
      boolean carried = i >= counts.size();
      levels.add(
          new Level(concurrencies.get(i), counts.get(Math.min(i, counts.size() - 1)), carried));
    }
    return new LoadPairing(levels);
  }

  public List<Integer> concurrencies() {
    return levels.stream().map(Level::concurrency).toList();
  }

  public List<Integer> requests() {
    return levels.stream().map(Level::requests).toList();
  }

  /** {@code c=1 n=8, c=2 n=16, …, c=1024 n=1024 (carried)}. */
  public String describe() {
    return String.join(", ", levels.stream().map(Level::describe).toList());
  }
}
