package io.tokenload.workload;

/**
 * The prompts of one cell, by request index. A source is a pure function of the index, so a run is
 * reproducible and any request's prompt can be made on any thread; implementations are thread-safe.
 */
public interface PromptSource {

  /**
   * The prompt of request {@code index} (0 and up).
   *
   * @throws InexactPromptException when a prompt of the exact length asked cannot be made
   */
  Prompt prompt(long index);
}
