package io.tokenload.metrics;

import java.util.function.LongConsumer;

/**
 * The latencies of one request, derived from its {@link RequestRecord}; see {@code
 * docs/metrics.md}.
 *
 * <p>All times are nanoseconds from the request's {@code sentNanos}; -1 means "not defined for this
 * request" (no token arrived, or too few tokens). Pure: it reads the record and allocates nothing
 * per sample, so an aggregator can record every request's samples into HdrHistograms.
 *
 * <p><b>Token chunks.</b> A text chunk may carry 0 tokens (the server's running count did not move,
 * or the tokenizer found no token in it). Token-based metrics use the chunks that carry at least
 * one token; the first of them is the first-token chunk in every realistic stream.
 *
 * <p><b>Per-token inter-token latency.</b> The first token chunk carrying {@code k} tokens gives
 * {@code k - 1} samples of 0 (they arrived together with the first token); each later token chunk
 * carrying {@code k} tokens after a gap {@code g} from the previous token chunk gives {@code k}
 * samples of {@code g / k}, the remainder spread one nanosecond at a time so that the samples sum
 * to {@code g} exactly. So a request has {@code sum(chunkTokens) - 1} samples summing to {@code
 * lastTokenChunkNanos - firstTokenChunk}, and when {@code outputTokens == sum(chunkTokens)} their
 * mean is the request's TPOT exactly.
 */
public final class RequestMetrics {

  private final RequestRecord record;
  private final int firstTokenChunk;
  private final int lastTokenChunk;
  private final int tokensInChunks;

  private RequestMetrics(RequestRecord record) {
    if (record.chunkNanos() == null || record.chunkTokens() == null) {
      throw new IllegalArgumentException(
          "request " + record.requestId() + ": chunkNanos and chunkTokens must not be null");
    }
    if (record.chunkNanos().length != record.chunkTokens().length) {
      throw new IllegalArgumentException(
          String.format(
              "request %s: chunkNanos has %d entries but chunkTokens has %d; they must match",
              record.requestId(), record.chunkNanos().length, record.chunkTokens().length));
    }
    this.record = record;
    int first = -1;
    int last = -1;
    int sum = 0;
    int[] tokens = record.chunkTokens();
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] > 0) {
        first = first < 0 ? i : first;
        last = i;
        sum += tokens[i];
      }
    }
    this.firstTokenChunk = first;
    this.lastTokenChunk = last;
    this.tokensInChunks = sum;
  }

  /** The metrics of {@code record}. */
  public static RequestMetrics of(RequestRecord record) {
    return new RequestMetrics(record);
  }

  public RequestRecord record() {
    return record;
  }

  /** Time to first token: sent → first chunk with content or reasoning text. */
  public long ttftNanos() {
    return record.firstTokenNanos();
  }

  /** Sent → first chunk with answer (non-reasoning) content. */
  public long firstAnswerNanos() {
    return record.firstAnswerNanos();
  }

  /** End-to-end latency: sent → last event of the stream ({@code [DONE]}), or the failure. */
  public long e2eNanos() {
    return record.endNanos();
  }

  /** Sent → arrival of the last chunk that carried tokens. */
  public long lastTokenChunkNanos() {
    return lastTokenChunk < 0 ? -1 : record.chunkNanos()[lastTokenChunk];
  }

  /**
   * Time per output token after the first: {@code (lastTokenChunkNanos - firstTokenChunk) /
   * (outputTokens - 1)}, for outputs of more than 1 token. It ends at the last token, not at the
   * stream's end, so the trailing finish/usage/{@code [DONE]} events do not count as decoding time.
   */
  public long tpotNanos() {
    if (record.outputTokens() <= 1 || firstTokenChunk < 0) {
      return -1;
    }
    long span = record.chunkNanos()[lastTokenChunk] - record.chunkNanos()[firstTokenChunk];
    return Math.floorDiv(span, record.outputTokens() - 1);
  }

  /**
   * TPOT as vLLM {@code bench serve} defines it: {@code (e2e - ttft) / (outputTokens - 1)}, for
   * outputs of more than 1 token (with tokenload's TTFT, which skips role-only chunks).
   */
  public long tpotVllmNanos() {
    if (record.outputTokens() <= 1 || record.firstTokenNanos() < 0 || record.endNanos() < 0) {
      return -1;
    }
    return Math.floorDiv(record.endNanos() - record.firstTokenNanos(), record.outputTokens() - 1);
  }

  /** {@code outputTokens / e2e} in tokens per second; NaN when the request has no end. */
  public double outputTokensPerSecond() {
    if (record.endNanos() <= 0 || record.outputTokens() < 0) {
      return Double.NaN;
    }
    return record.outputTokens() * 1e9 / record.endNanos();
  }

  /** How many samples {@link #forEachItlSample} gives: {@code sum(chunkTokens) - 1}, or 0. */
  public int itlSampleCount() {
    return Math.max(0, tokensInChunks - 1);
  }

  /** Hands each per-token inter-token latency sample, in nanoseconds, to {@code sink}, in order. */
  public void forEachItlSample(LongConsumer sink) {
    if (firstTokenChunk < 0) {
      return;
    }
    long[] nanos = record.chunkNanos();
    int[] tokens = record.chunkTokens();
    for (int i = 1; i < tokens[firstTokenChunk]; i++) {
      sink.accept(0);
    }
    long previous = nanos[firstTokenChunk];
    for (int c = firstTokenChunk + 1; c <= lastTokenChunk; c++) {
      int k = tokens[c];
      if (k <= 0) {
        continue;
      }
      long gap = nanos[c] - previous;
      previous = nanos[c];
      long each = Math.floorDiv(gap, k);
      long remainder = Math.floorMod(gap, k);
      for (int i = 0; i < k; i++) {
        sink.accept(i < remainder ? each + 1 : each);
      }
    }
  }

  /** The gaps between consecutive text chunks, whatever they carried: vLLM's per-message ITL. */
  public long[] interChunkGapsNanos() {
    long[] nanos = record.chunkNanos();
    long[] gaps = new long[Math.max(0, nanos.length - 1)];
    for (int i = 1; i < nanos.length; i++) {
      gaps[i - 1] = nanos[i] - nanos[i - 1];
    }
    return gaps;
  }

  /** Tokens in each text chunk, a copy of {@code chunkTokens}. */
  public int[] tokensPerChunk() {
    return record.chunkTokens().clone();
  }
}
