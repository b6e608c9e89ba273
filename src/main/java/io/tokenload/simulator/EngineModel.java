package io.tokenload.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The cost model of a continuous-batching serving engine, the way vLLM schedules: one step at a
 * time, every running sequence in every step. Immutable; start from a named preset ({@link
 * #preset(String)}) and adjust with the {@code with…} methods, or build one from scratch.
 *
 * <p>One step that carries {@code s} sequences, whose KV cache holds {@code kv} tokens, and that
 * prefills {@code p} prompt tokens takes
 *
 * <pre>
 *   step = stepBase + stepPerSequence × s + stepPerKvToken × kv + prefillPerToken × p
 * </pre>
 *
 * then scaled by a factor drawn uniformly from {@code [1 - stepJitter, 1 + stepJitter]}. Each step
 * gives every decoding sequence one token; the step that completes a sequence's prefill gives it
 * its first token. At most {@code maxBatch} sequences run; a sequence is admitted only when its
 * prompt plus its {@code max_tokens} fit in what is left of {@code kvBudgetTokens}; others wait in
 * FIFO order. A step carries at most {@code maxBatchedTokens} tokens (one per decoding sequence,
 * the rest prefill), so a long prompt is prefilled in chunks over several steps, as with vLLM's
 * chunked prefill. See {@code docs/target.md} for the presets and what a sweep looks like.
 *
 * @param name the preset's name, as {@link TargetSettings#preset()} reports it
 * @param prefillMicrosPerToken prefill cost per prompt token, microseconds
 * @param stepBaseMicros fixed cost of one step (weights read once per step), microseconds
 * @param stepMicrosPerSequence added per sequence in the step, microseconds
 * @param stepMicrosPerKvToken added per token held in the KV cache by running sequences (attention
 *     reads them every step), microseconds
 * @param maxBatch running sequences at most (vLLM's {@code max_num_seqs})
 * @param kvBudgetTokens KV-cache capacity in tokens
 * @param maxBatchedTokens tokens one step carries at most (vLLM's {@code max_num_batched_tokens})
 * @param stepJitter each step's time varies by up to ± this fraction, from the seeded RNG
 */
public record EngineModel(
    String name,
    double prefillMicrosPerToken,
    double stepBaseMicros,
    double stepMicrosPerSequence,
    double stepMicrosPerKvToken,
    int maxBatch,
    int kvBudgetTokens,
    int maxBatchedTokens,
    double stepJitter) {

  static final long MAX_MICROS = 1_000_000; // one second
  static final int MAX_BATCH = 65_536;
  static final int MAX_KV_TOKENS = 1_000_000_000;
  static final double MAX_JITTER = 0.5;

  /**
   * A small model (about 1B parameters) on one GPU: 100,000 prompt tokens/s of prefill, 1.5 ms per
   * step at batch 1, about 3 ms at batch 128, 128 sequences, 200,000 KV tokens.
   */
  public static final EngineModel TINY_FAST =
      new EngineModel("tiny-fast", 10, 1500, 10, 0.005, 128, 200_000, 8192, 0.02);

  /**
   * A made-up engine for rehearsing a whole matrix quickly on a laptop: 200,000 prompt tokens/s,
   * 0.5 ms per step at batch 1, about 1 ms at batch 128, 128 sequences, 400,000 KV tokens. The
   * shape of a real engine (a batch cap with a queue behind it, steps slowing as the batch fills)
   * at a speed that lets {@code run_1k_4k} finish in minutes; no real model is this fast.
   */
  public static final EngineModel REHEARSAL =
      new EngineModel("rehearsal", 5, 500, 4, 0.002, 128, 400_000, 8192, 0.02);

  /**
   * An 8B-class model (Llama-3.1-8B) in 16-bit weights on one H100 80 GB, roughly as vLLM serves
   * it: 16,000 prompt tokens/s of prefill, about 7 ms per step at batch 1 and 25–30 ms at batch 256
   * with 1,000-token contexts, 256 sequences, 500,000 KV tokens. Approximations of published vLLM
   * figures, not measurements.
   */
  public static final EngineModel H100_8B =
      new EngineModel("8b-h100", 62.5, 6800, 50, 0.03, 256, 500_000, 8192, 0.03);

  private static final Map<String, EngineModel> PRESETS = presets();

  public EngineModel {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "EngineModel.name is " + (name == null ? "null" : "blank") + "; it must be non-blank");
    }
    requireMicros("prefillMicrosPerToken", prefillMicrosPerToken);
    requireMicros("stepBaseMicros", stepBaseMicros);
    requireMicros("stepMicrosPerSequence", stepMicrosPerSequence);
    requireMicros("stepMicrosPerKvToken", stepMicrosPerKvToken);
    requireRange("maxBatch", maxBatch, 1, MAX_BATCH);
    requireRange("kvBudgetTokens", kvBudgetTokens, 1, MAX_KV_TOKENS);
    // Every running sequence decodes one token per step, so a step must hold the whole batch.
    requireRange("maxBatchedTokens", maxBatchedTokens, maxBatch, MAX_KV_TOKENS);
    if (!(stepJitter >= 0 && stepJitter <= MAX_JITTER)) {
      throw new IllegalArgumentException(
          "EngineModel.stepJitter is " + stepJitter + "; it must be between 0 and " + MAX_JITTER);
    }
  }

  /** The names {@link #preset(String)} knows, in the order documented. */
  public static Set<String> presetNames() {
    return PRESETS.keySet();
  }

  /**
   * A named preset.
   *
   * @throws IllegalArgumentException naming the allowed presets when {@code name} is not one
   */
  public static EngineModel preset(String name) {
    EngineModel model = PRESETS.get(name);
    if (model == null) {
      throw new IllegalArgumentException(
          "preset is '" + name + "'; allowed: fixed, " + String.join(", ", PRESETS.keySet()));
    }
    return model;
  }

  public EngineModel withMaxBatch(int value) {
    return new EngineModel(
        name,
        prefillMicrosPerToken,
        stepBaseMicros,
        stepMicrosPerSequence,
        stepMicrosPerKvToken,
        value,
        kvBudgetTokens,
        Math.max(maxBatchedTokens, value),
        stepJitter);
  }

  public EngineModel withKvBudgetTokens(int value) {
    return new EngineModel(
        name,
        prefillMicrosPerToken,
        stepBaseMicros,
        stepMicrosPerSequence,
        stepMicrosPerKvToken,
        maxBatch,
        value,
        maxBatchedTokens,
        stepJitter);
  }

  public EngineModel withStepJitter(double value) {
    return new EngineModel(
        name,
        prefillMicrosPerToken,
        stepBaseMicros,
        stepMicrosPerSequence,
        stepMicrosPerKvToken,
        maxBatch,
        kvBudgetTokens,
        maxBatchedTokens,
        value);
  }

  /** One step's time before jitter, in nanoseconds; see the class comment for the formula. */
  long stepNanos(int sequences, long kvTokens, int prefillTokens) {
    double micros =
        stepBaseMicros
            + stepMicrosPerSequence * sequences
            + stepMicrosPerKvToken * kvTokens
            + prefillMicrosPerToken * prefillTokens;
    return Math.round(micros * 1000);
  }

  private static Map<String, EngineModel> presets() {
    Map<String, EngineModel> presets = new LinkedHashMap<>();
    presets.put(REHEARSAL.name(), REHEARSAL);
    presets.put(TINY_FAST.name(), TINY_FAST);
    presets.put(H100_8B.name(), H100_8B);
    return java.util.Collections.unmodifiableMap(presets);
  }

  private static void requireMicros(String field, double value) {
    if (!(value >= 0 && value <= MAX_MICROS)) {
      throw new IllegalArgumentException(
          "EngineModel." + field + " is " + value + "; it must be between 0 and " + MAX_MICROS);
    }
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "EngineModel." + field + " is " + value + "; it must be between " + min + " and " + max);
    }
  }
}
