package io.tokenload.simulator;

/**
 * One request inside the {@link Engine}: how much it must prefill and generate, how much KV cache
 * it reserves, and how far it has got. Created on any thread, then touched only by the engine's
 * thread.
 */
final class Sequence {

  /** Told of a sequence's progress, on the engine's thread: keep it short (hand off and return). */
  @FunctionalInterface
  interface Sink {
    /**
     * @param generated output tokens generated so far
     * @param finished true once the sequence is complete (all tokens, or its prefill when it
     *     generates none)
     * @param stepEndNanos the engine's time at the end of the step that produced them
     */
    void progress(int generated, boolean finished, long stepEndNanos);
  }

  final int promptTokens;
  final int outputTokens;
  final int reservedTokens;
  final Sink sink;

  /** When the engine queued it, on the engine's ticker: the origin of queue time and TTFT. */
  long arrivedNanos;

  int prefilled;
  int generated;
  int scheduledPrefill;
  boolean running;
  boolean ended;

  /**
   * @param promptTokens tokens to prefill; at least 1 is charged, as a real prompt holds a BOS
   *     token
   * @param outputTokens tokens to generate, 0 for a prefill-only request such as an embedding
   * @param maxOutputTokens the request's {@code max_tokens}, reserved in the KV cache on admission
   */
  Sequence(int promptTokens, int outputTokens, int maxOutputTokens, Sink sink) {
    this.promptTokens = Math.max(1, promptTokens);
    this.outputTokens = outputTokens;
    this.reservedTokens = this.promptTokens + Math.max(outputTokens, maxOutputTokens);
    this.sink = sink;
  }

  boolean prefillDone() {
    return prefilled == promptTokens;
  }

  /** Tokens this sequence holds in the KV cache now. */
  int kvTokens() {
    return prefilled + generated;
  }

  @Override
  public String toString() {
    return "Sequence[prompt="
        + promptTokens
        + ", output="
        + outputTokens
        + ", prefilled="
        + prefilled
        + ", generated="
        + generated
        + "]";
  }
}
