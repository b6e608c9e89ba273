package io.tokenload.local;

import io.tokenload.local.gguf.TinyModel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link LlamaBackend} loads and runs a GGUF model. Immutable; start from {@link #of} or {@link
 * #tinyModel} and change fields with the {@code with…} methods, each validating the result.
 *
 * @param modelFile the GGUF file
 * @param modelName put in every chunk's {@code model} field
 * @param contextTokens prompt plus output tokens allowed per request; a longer request is refused
 *     with HTTP 400
 * @param threads CPU threads llama.cpp computes with; on a 2-core machine shared with the load
 *     generator, 1 is fastest
 * @param parallel requests generated at once (llama.cpp slots, batched together); more wait
 * @param promptCache let a request reuse the KV cache of a previous one with the same prompt
 *     prefix. Off by default: a load test that repeats prompts would otherwise measure cache hits
 *     instead of prefill
 * @param suppressedTokenIds tokens never sampled (a logit bias of minus infinity); see {@link
 *     TinyModel#nonTextTokenIds()}
 * @param nativeLog let llama.cpp print its log to stderr (it bypasses Java logging); off by
 *     default, on to see why a model does not load
 */
public record LlamaSettings(
    Path modelFile,
    String modelName,
    int contextTokens,
    int threads,
    int parallel,
    boolean promptCache,
    Set<Integer> suppressedTokenIds,
    boolean nativeLog) {

  static final int MAX_CONTEXT_TOKENS = 1 << 20;
  static final int MAX_THREADS = 256;
  static final int MAX_PARALLEL = 64;

  public LlamaSettings {
    Objects.requireNonNull(modelFile, "modelFile");
    Objects.requireNonNull(modelName, "modelName");
    if (modelName.isBlank()) {
      throw new IllegalArgumentException("LlamaSettings.modelName must not be blank");
    }
    requireRange("contextTokens", contextTokens, 16, MAX_CONTEXT_TOKENS);
    requireRange("threads", threads, 1, MAX_THREADS);
    requireRange("parallel", parallel, 1, MAX_PARALLEL);
    suppressedTokenIds = Set.copyOf(suppressedTokenIds);
  }

  /**
   * A model file with defaults: named after the file (without {@code .gguf}), 2,048 tokens of
   * context per request, 1 thread, 1 request at a time, no prompt cache, nothing suppressed, no
   * native log.
   */
  public static LlamaSettings of(Path modelFile) {
    String file = modelFile.getFileName().toString();
    String name = file.endsWith(".gguf") ? file.substring(0, file.length() - 5) : file;
    return new LlamaSettings(modelFile, name, 2048, 1, 1, false, Set.of(), false);
  }

  /**
   * A model written by {@link TinyModel}: its name, and its non-text tokens suppressed so that
   * every generated token is one streamed piece of text.
   */
  public static LlamaSettings tinyModel(Path modelFile) {
    return of(modelFile)
        .withModelName(TinyModel.NAME)
        .withSuppressedTokenIds(TinyModel.nonTextTokenIds());
  }

  public LlamaSettings withModelName(String value) {
    return new LlamaSettings(
        modelFile,
        value,
        contextTokens,
        threads,
        parallel,
        promptCache,
        suppressedTokenIds,
        nativeLog);
  }

  public LlamaSettings withContextTokens(int value) {
    return new LlamaSettings(
        modelFile, modelName, value, threads, parallel, promptCache, suppressedTokenIds, nativeLog);
  }

  public LlamaSettings withThreads(int value) {
    return new LlamaSettings(
        modelFile,
        modelName,
        contextTokens,
        value,
        parallel,
        promptCache,
        suppressedTokenIds,
        nativeLog);
  }

  public LlamaSettings withParallel(int value) {
    return new LlamaSettings(
        modelFile,
        modelName,
        contextTokens,
        threads,
        value,
        promptCache,
        suppressedTokenIds,
        nativeLog);
  }

  public LlamaSettings withPromptCache(boolean value) {
    return new LlamaSettings(
        modelFile,
        modelName,
        contextTokens,
        threads,
        parallel,
        value,
        suppressedTokenIds,
        nativeLog);
  }

  public LlamaSettings withSuppressedTokenIds(Set<Integer> value) {
    return new LlamaSettings(
        modelFile, modelName, contextTokens, threads, parallel, promptCache, value, nativeLog);
  }

  public LlamaSettings withNativeLog(boolean value) {
    return new LlamaSettings(
        modelFile,
        modelName,
        contextTokens,
        threads,
        parallel,
        promptCache,
        suppressedTokenIds,
        value);
  }

  private static void requireRange(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "LlamaSettings." + field + " was " + value + ", must be between " + min + " and " + max);
    }
  }
}
