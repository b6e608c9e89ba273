package io.tokenload.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

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
 * @param retries the attempts before this one that failed and were retried ({@code retry}), oldest
 *     first; empty (and left out of the JSON) when the first attempt was the last. With retries,
 *     {@code sentNanos} is the first attempt's send, so every latency counts from it
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
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Attempt> retries,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer cachedTokens) {

  /**
   * One attempt that failed and was retried.
   *
   * @param sentNanos its send, from the first attempt's send
   * @param endNanos its end, from the first attempt's send
   * @param httpStatus its status, 0 when no response came
   * @param error why it failed
   */
  public record Attempt(long sentNanos, long endNanos, int httpStatus, String error) {}

  /** A record of a request sent once, without a prefix-cache count (the server sent none). */
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
        List.of(),
        null);
  }

  public RequestRecord {
    retries = retries == null ? List.of() : List.copyOf(retries);
  }

  /**
   * This record, the last of several attempts, with the earlier ones: its times move to count from
   * the first attempt's send ({@code firstSentNanos}, from the run's start).
   */
  public RequestRecord afterRetries(long firstSentNanos, List<Attempt> earlier) {
    long shift = sentNanos - firstSentNanos;
    long[] chunks = chunkNanos == null ? null : chunkNanos.clone();
    if (chunks != null) {
      for (int i = 0; i < chunks.length; i++) {
        chunks[i] += shift;
      }
    }
    return new RequestRecord(
        requestId,
        responseId,
        cell,
        intendedNanos,
        firstSentNanos,
        httpStatus,
        ok,
        error,
        firstTokenNanos < 0 ? firstTokenNanos : firstTokenNanos + shift,
        firstAnswerNanos < 0 ? firstAnswerNanos : firstAnswerNanos + shift,
        endNanos < 0 ? endNanos : endNanos + shift,
        chunks,
        chunkTokens,
        tokenSource,
        promptTokensAsked,
        promptTokens,
        outputTokensAsked,
        outputTokens,
        earlier,
        cachedTokens);
  }

  /** This record as one earlier attempt of a request first sent at {@code firstSentNanos}. */
  public Attempt asAttempt(long firstSentNanos) {
    long shift = sentNanos - firstSentNanos;
    return new Attempt(shift, endNanos < 0 ? -1 : endNanos + shift, httpStatus, error);
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
        retries,
        cachedTokens);
  }

  /** How late the request left compared with the load model's schedule. */
  public long sendLagNanos() {
    return sentNanos - intendedNanos;
  }
}
