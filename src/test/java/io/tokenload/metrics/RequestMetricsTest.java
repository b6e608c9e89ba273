package io.tokenload.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.stream.StreamRecorder;
import java.util.Arrays;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

  /** A record of text chunks at {@code chunkNanos} carrying {@code chunkTokens}. */
  private static RequestRecord record(
      long firstTokenNanos, long endNanos, long[] chunkNanos, int[] chunkTokens, int outputTokens) {
    return new RequestRecord(
        "r",
        "id",
        "c",
        0,
        0,
        200,
        true,
        null,
        firstTokenNanos,
        firstTokenNanos,
        endNanos,
        chunkNanos,
        chunkTokens,
        "usage",
        -1,
        -1,
        -1,
        outputTokens);
  }

  private static long[] itlSamples(RequestMetrics m) {
    LongStream.Builder samples = LongStream.builder();
    m.forEachItlSample(samples::add);
    return samples.build().toArray();
  }

  // Chunks at 100, 250, 400, 1000 ns carrying 2, 3, 1, 4 tokens; 10 tokens; stream ends at 1300.
  private static final RequestRecord MULTI_TOKEN =
      record(100, 1300, new long[] {100, 250, 400, 1000}, new int[] {2, 3, 1, 4}, 10);

  @Test
  void itlGivesOneSamplePerTokenWithTheGapSharedOut() {
    assertArrayEquals(
        new long[] {0, 50, 50, 50, 150, 150, 150, 150, 150},
        itlSamples(RequestMetrics.of(MULTI_TOKEN)));
    assertEquals(9, RequestMetrics.of(MULTI_TOKEN).itlSampleCount());
  }

  @Test
  void meanItlEqualsTpotForMultiTokenChunks() {
    RequestMetrics m = RequestMetrics.of(MULTI_TOKEN);
    long[] samples = itlSamples(m);
    assertEquals(100, m.tpotNanos());
    assertEquals(900, Arrays.stream(samples).sum());
    assertEquals(m.tpotNanos(), Arrays.stream(samples).sum() / samples.length);
  }

  @Test
  void itlRemainderIsSpreadSoSamplesSumToTheGap() {
    RequestMetrics m =
        RequestMetrics.of(record(0, 20, new long[] {0, 10, 17}, new int[] {1, 3, 2}, 6));
    assertArrayEquals(new long[] {4, 3, 3, 4, 3}, itlSamples(m));
    assertEquals(3, m.tpotNanos()); // 17 / 5, rounded down
  }

  @Test
  void zeroTokenChunkGapFoldsIntoTheNextTokenChunk() {
    RequestMetrics m =
        RequestMetrics.of(record(0, 400, new long[] {0, 100, 300}, new int[] {1, 0, 2}, 3));
    assertArrayEquals(new long[] {150, 150}, itlSamples(m));
    assertEquals(150, m.tpotNanos());
    assertArrayEquals(new long[] {100, 200}, m.interChunkGapsNanos());
  }

  @Test
  void tpotEndsAtTheLastTokenChunkAndVllmsAtTheStreamsEnd() {
    RequestMetrics m = RequestMetrics.of(MULTI_TOKEN);
    assertEquals(1000, m.lastTokenChunkNanos());
    assertEquals(100, m.tpotNanos()); // (1000 - 100) / 9
    assertEquals(133, m.tpotVllmNanos()); // (1300 - 100) / 9
    assertEquals(100, m.ttftNanos());
    assertEquals(1300, m.e2eNanos());
  }

  @Test
  void singleTokenOutputHasNoTpotAndNoItl() {
    RequestMetrics m = RequestMetrics.of(record(50, 60, new long[] {50}, new int[] {1}, 1));
    assertEquals(-1, m.tpotNanos());
    assertEquals(-1, m.tpotVllmNanos());
    assertEquals(0, itlSamples(m).length);
    assertEquals(0, m.itlSampleCount());
  }

  @Test
  void requestWithoutChunksHasNoTokenMetrics() {
    RequestMetrics m = RequestMetrics.of(record(-1, 3000, new long[0], new int[0], 0));
    assertEquals(-1, m.ttftNanos());
    assertEquals(-1, m.lastTokenChunkNanos());
    assertEquals(-1, m.tpotNanos());
    assertEquals(0, itlSamples(m).length);
    assertEquals(0, m.interChunkGapsNanos().length);
  }

  @Test
  void outputTokensPerSecondIsOutputOverE2e() {
    RequestMetrics m =
        RequestMetrics.of(record(1, 2_000_000_000L, new long[] {1}, new int[] {10}, 10));
    assertEquals(5.0, m.outputTokensPerSecond());
    assertTrue(
        Double.isNaN(
            RequestMetrics.of(record(-1, -1, new long[0], new int[0], 0)).outputTokensPerSecond()));
  }

  @Test
  void exposesRawChunkGapsAndTokens() {
    RequestMetrics m = RequestMetrics.of(MULTI_TOKEN);
    assertArrayEquals(new long[] {150, 150, 600}, m.interChunkGapsNanos());
    assertArrayEquals(new int[] {2, 3, 1, 4}, m.tokensPerChunk());
  }

  @Test
  void rejectsChunkArraysOfDifferentLengths() {
    RequestRecord bad = record(0, 10, new long[] {0, 5}, new int[] {1}, 1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RequestMetrics.of(bad));
    assertEquals(
        "request r: chunkNanos has 2 entries but chunkTokens has 1; they must match",
        e.getMessage());
  }

  @Test
  void meanItlEqualsTpotForARecordedUsageStream() {
    long sent = 1_000_000L;
    StreamRecorder r = new StreamRecorder("r", "c", 0, sent, sent, -1, -1, null);
    r.onStatus(200);
    feed(r, sent + 40_000, usageChunk("a b", 2));
    feed(r, sent + 70_000, usageChunk(" c", 3));
    feed(r, sent + 160_001, usageChunk(" d e f", 6) + "data: [DONE]\n\n");
    RequestMetrics m = RequestMetrics.of(r.finish());

    long[] samples = itlSamples(m);
    assertArrayEquals(new long[] {0, 30_000, 30_001, 30_000, 30_000}, samples);
    assertEquals(120_001, Arrays.stream(samples).sum());
    assertEquals(m.tpotNanos(), Arrays.stream(samples).sum() / samples.length);
    assertEquals(24_000, m.tpotNanos()); // 120_001 / 5, rounded down
  }

  private static String usageChunk(String content, int runningTokens) {
    return "data: {\"choices\":[{\"delta\":{\"content\":\""
        + content
        + "\"}}],\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":"
        + runningTokens
        + "}}\n\n";
  }

  private static void feed(StreamRecorder r, long arrivalNanos, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    r.onBytes(arrivalNanos, bytes, 0, bytes.length);
  }
}
