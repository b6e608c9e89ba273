package io.tokenload.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything measured for one streamed request, at full resolution: one JSON line in a run's {@code
 * requests.jsonl}.
 *
 * <p>Times are nanoseconds from {@code System.nanoTime()}. {@code intendedNanos} and {@code
 * sentNanos} are offsets from the run's start (see {@code run.json}); every other time is an offset
 * from {@code sentNanos}, so a request's numbers read without arithmetic. A time that never
 * happened is {@code -1}.
 *
 * @param requestId the {@code X-Request-Id} tokenload sent
 * @param responseId the {@code id} the server gave its chunks, or null
 * @param cell the matrix cell this request belongs to (for example {@code in128-out128-c4})
 * @param intendedNanos when the load model meant to send it, from the run's start
 * @param sentNanos when its first byte was handed to the socket, from the run's start
 * @param httpStatus the response status, 0 when no response arrived
 * @param ok true when the stream ended cleanly ({@code [DONE]}, or the end of a complete response)
 * @param error why it failed, null when ok
 * @param firstTokenNanos arrival of the first chunk carrying content or reasoning text
 * @param firstAnswerNanos arrival of the first chunk carrying answer (non-reasoning) content
 * @param endNanos arrival of the last byte of the stream
 * @param chunkNanos arrival of each chunk that carried text, in order
 * @param chunkTokens tokens in each of those chunks, same length as {@code chunkNanos}
 * @param tokenSource where {@code chunkTokens} came from: {@code usage}, {@code tokenizer} or
 *     {@code chunks}
 * @param promptTokensAsked the input length the workload asked for, -1 when not fixed
 * @param promptTokens the server's {@code usage.prompt_tokens}, -1 when it sent none
 * @param outputTokensAsked the output length asked for ({@code max_tokens}), -1 when not fixed
 * @param outputTokens output tokens: {@code usage.completion_tokens}, else the sum of chunkTokens
 * @param cachedTokens the server's {@code usage.prompt_tokens_details.cached_tokens} (prompt tokens
 *     served from its prefix cache), null when it sent none; left out of the record then
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RequestRecord(
    String requestId,
    String responseId,
    String cell,
    long intendedNanos,
    long sentNanos,
    int httpStatus,
    boolean ok,
    String error,
    long firstTokenNanos,
    long firstAnswerNanos,
    long endNanos,
    long[] chunkNanos,
    int[] chunkTokens,
    String tokenSource,
    int promptTokensAsked,
    int promptTokens,
    int outputTokensAsked,
    int outputTokens,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer cachedTokens) {

  /** A record without a prefix-cache count: the server sent none. */
  public RequestRecord(
      String requestId,
      String responseId,
      String cell,
      long intendedNanos,
      long sentNanos,
      int httpStatus,
      boolean ok,
      String error,
      long firstTokenNanos,
      long firstAnswerNanos,
      long endNanos,
      long[] chunkNanos,
      int[] chunkTokens,
      String tokenSource,
      int promptTokensAsked,
      int promptTokens,
      int outputTokensAsked,
      int outputTokens) {
    this(
        requestId,
        responseId,
        cell,
        intendedNanos,
        sentNanos,
        httpStatus,
        ok,
        error,
        firstTokenNanos,
        firstAnswerNanos,
        endNanos,
        chunkNanos,
        chunkTokens,
        tokenSource,
        promptTokensAsked,
        promptTokens,
        outputTokensAsked,
        outputTokens,
        null);
  }

  /**
   * This record on a clock whose origin is {@code nanos} earlier: its intended and sent times (the
   * only ones measured from the run's start) grow by {@code nanos}. A merge of shards puts every
   * shard's records on one clock so.
   */
  public RequestRecord movedBy(long nanos) {
    return new RequestRecord(
        requestId,
        responseId,
        cell,
        intendedNanos < 0 ? intendedNanos : intendedNanos + nanos,
        sentNanos < 0 ? sentNanos : sentNanos + nanos,
        httpStatus,
        ok,
        error,
        firstTokenNanos,
        firstAnswerNanos,
        endNanos,
        chunkNanos,
        chunkTokens,
        tokenSource,
        promptTokensAsked,
        promptTokens,
        outputTokensAsked,
        outputTokens,
        cachedTokens);
  }

  /** How late the request left compared with the load model's schedule. */
  public long sendLagNanos() {
    return sentNanos - intendedNanos;
  }
}
