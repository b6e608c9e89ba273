package io.tokenload.stream;

import static io.tokenload.stream.ScriptedStream.DONE;
import static io.tokenload.stream.ScriptedStream.SENT;
import static io.tokenload.stream.ScriptedStream.content;
import static io.tokenload.stream.ScriptedStream.events;
import static io.tokenload.stream.ScriptedStream.read;
import static io.tokenload.stream.ScriptedStream.reasoning;
import static io.tokenload.stream.ScriptedStream.recorder;
import static io.tokenload.stream.ScriptedStream.role;
import static io.tokenload.stream.ScriptedStream.usageOnly;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.tokenizer.WordTokenizer;
import org.junit.jupiter.api.Test;

/**
 * What the recorder measures from well-formed streams; failures are in {@link
 * StreamRecorderFailureTest}.
 */
class StreamRecorderTest {

  @Test
  void countsMultiTokenChunksFromRunningUsage() {
    StreamRecorder r = recorder(WordTokenizer.instance());
    events(
        r,
        1_000,
        "{\"id\":\"chatcmpl-9\",\"choices\":[{\"delta\":{\"role\":\"assistant\"}}],"
            + "\"usage\":{\"prompt_tokens\":128,\"completion_tokens\":0}}");
    events(r, 20_000, content("Hello world", 2));
    events(r, 30_000, content(" foo", 3));
    events(r, 60_000, content(" bar baz qux", 6));
    events(
        r,
        61_000,
        "{\"choices\":[{\"delta\":{},\"finish_reason\":\"length\"}],"
            + "\"usage\":{\"prompt_tokens\":128,\"completion_tokens\":6}}");
    events(r, 62_000, DONE);
    r.onEnd(SENT + 63_000);

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertNull(rec.error());
    assertEquals("req-1", rec.requestId());
    assertEquals("chatcmpl-9", rec.responseId());
    assertEquals("in128-out6-c1", rec.cell());
    assertEquals(1_000, rec.intendedNanos());
    assertEquals(5_000, rec.sentNanos());
    assertEquals(200, rec.httpStatus());
    assertEquals(20_000, rec.firstTokenNanos());
    assertEquals(20_000, rec.firstAnswerNanos());
    assertEquals(62_000, rec.endNanos());
    assertArrayEquals(new long[] {20_000, 30_000, 60_000}, rec.chunkNanos());
    assertArrayEquals(new int[] {2, 1, 3}, rec.chunkTokens());
    assertEquals("usage", rec.tokenSource());
    assertEquals(128, rec.promptTokensAsked());
    assertEquals(128, rec.promptTokens());
    assertEquals(6, rec.outputTokensAsked());
    assertEquals(6, rec.outputTokens());
  }

  @Test
  void countsMultiTokenChunksWithTokenizerWhenChunksCarryNoUsage() {
    StreamRecorder r = recorder(WordTokenizer.instance());
    events(r, 10_000, role(), content("Hello world"));
    events(r, 20_000, content(" foo"));
    events(r, 40_000, content(" bar baz qux"), usageOnly(128, 7), DONE);

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertEquals("tokenizer", rec.tokenSource());
    assertArrayEquals(new int[] {2, 1, 3}, rec.chunkTokens());
    assertEquals(7, rec.outputTokens(), "the server's final count wins over the sum");
    assertEquals(128, rec.promptTokens());
  }

  @Test
  void chunksWithRunningUsageBeforeTheFirstWithoutKeepTheirCountsAndTheRestAreTokenized() {
    StreamRecorder r = recorder(WordTokenizer.instance());
    events(r, 10_000, content("Hello world", 2), content(" foo", 3));
    events(r, 20_000, content(" bar baz qux"), content(" end", 9)); // the server stopped counting
    events(r, 30_000, DONE);

    RequestRecord rec = r.finish();
    assertEquals("tokenizer", rec.tokenSource());
    assertArrayEquals(new int[] {2, 1, 3, 1}, rec.chunkTokens());
    assertEquals(9, rec.outputTokens());
  }

  @Test
  void usageOnlyOnTheLastTextChunkStillTokenizesEveryChunk() {
    StreamRecorder r = recorder(WordTokenizer.instance());
    events(r, 10_000, content("Hello world"), content(" foo"), content(" bar baz", 5), DONE);

    RequestRecord rec = r.finish();
    assertEquals("tokenizer", rec.tokenSource());
    assertArrayEquals(new int[] {2, 1, 2}, rec.chunkTokens());
    assertEquals(5, rec.outputTokens());
  }

  @Test
  void countsOnePerChunkWithoutUsageOrTokenizer() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("Hello world"), content(" foo"), DONE);

    RequestRecord rec = r.finish();
    assertEquals("chunks", rec.tokenSource());
    assertArrayEquals(new int[] {1, 1}, rec.chunkTokens());
    assertEquals(2, rec.outputTokens());
    assertEquals(-1, rec.promptTokens());
  }

  @Test
  void roleOnlyFirstChunkIsNotTheFirstToken() {
    StreamRecorder r = recorder(null);
    events(r, 3_000, role());
    events(r, 25_000, content("Hi"));
    events(r, 26_000, DONE);

    RequestRecord rec = r.finish();
    assertEquals(25_000, rec.firstTokenNanos());
    assertArrayEquals(new long[] {25_000}, rec.chunkNanos());
  }

  @Test
  void reasoningThenContentSeparatesFirstTokenFromFirstAnswer() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, reasoning("Let me"));
    events(r, 20_000, reasoning(" think"));
    events(r, 30_000, content("Yes"));
    events(r, 31_000, DONE);

    RequestRecord rec = r.finish();
    assertEquals(10_000, rec.firstTokenNanos());
    assertEquals(30_000, rec.firstAnswerNanos());
    assertArrayEquals(new long[] {10_000, 20_000, 30_000}, rec.chunkNanos());
  }

  @Test
  void usageOnlyLastChunkGivesOutputAndPromptTokens() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"));
    events(r, 20_000, content(" b"));
    events(r, 50_000, usageOnly(130, 5));
    events(r, 51_000, DONE);

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertArrayEquals(new int[] {1, 1}, rec.chunkTokens());
    assertEquals("chunks", rec.tokenSource(), "the usage came on no text chunk");
    assertEquals(5, rec.outputTokens());
    assertEquals(130, rec.promptTokens());
    assertEquals(51_000, rec.endNanos());
  }

  @Test
  void emptyContentChunksAreNotTextChunks() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content(""));
    events(r, 20_000, content("a"));
    events(r, 30_000, content(""), "{\"choices\":[{\"delta\":{\"content\":null}}]}");
    events(r, 40_000, content(" b"), DONE);

    RequestRecord rec = r.finish();
    assertEquals(20_000, rec.firstTokenNanos());
    assertArrayEquals(new long[] {20_000, 40_000}, rec.chunkNanos());
  }

  @Test
  void textChunkWhoseRunningCountDidNotAdvanceCarriesNoTokens() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a", 1));
    events(r, 20_000, content("!", 1));
    events(r, 30_000, content(" b c", 3), DONE);

    RequestRecord rec = r.finish();
    assertArrayEquals(new int[] {1, 0, 2}, rec.chunkTokens());
    assertEquals(3, rec.outputTokens());
  }

  @Test
  void tokensOnChunksWithoutTextGoToTheNextTextChunk() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a", 1));
    events(r, 20_000, content("", 2)); // a token whose bytes are not yet a whole character
    events(r, 30_000, content("\u00e9 b", 4), DONE);

    RequestRecord rec = r.finish();
    assertEquals("usage", rec.tokenSource());
    assertArrayEquals(new long[] {10_000, 30_000}, rec.chunkNanos());
    assertArrayEquals(new int[] {1, 3}, rec.chunkTokens());
  }

  @Test
  void severalEventsInOneReadShareItsArrivalTime() {
    StreamRecorder r = recorder(null);
    events(r, 15_000, role(), content("a"), content(" b"), content(" c"), DONE);

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertArrayEquals(new long[] {15_000, 15_000, 15_000}, rec.chunkNanos());
    assertEquals(15_000, rec.firstTokenNanos());
    assertEquals(15_000, rec.endNanos());
  }

  @Test
  void eventSplitAcrossReadsArrivesWithItsLastByte() {
    StreamRecorder r = recorder(null);
    read(r, 10_000, "data: {\"choices\":[{\"delta\":{\"con");
    read(r, 12_000, "tent\":\"a\"}}]}\n");
    read(r, 13_000, "\ndata: [DONE]\n\n");

    RequestRecord rec = r.finish();
    assertArrayEquals(new long[] {13_000}, rec.chunkNanos());
    assertEquals(13_000, rec.endNanos());
  }

  @Test
  void nonStreamJsonResponseFailsWithoutFakeTimings() {
    StreamRecorder r = recorder(null);
    read(
        r,
        50_000,
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"message\":");
    read(
        r,
        60_000,
        "{\"content\":\"a b c\"}}],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3}}");
    r.onEnd(SENT + 61_000);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertTrue(rec.error().contains("not an event stream"), rec.error());
    assertArrayEquals(new long[0], rec.chunkNanos());
    assertEquals(-1, rec.firstTokenNanos());
    assertEquals(61_000, rec.endNanos());
  }

  @Test
  void keepAlivesAreIgnored() {
    StreamRecorder r = recorder(null);
    read(r, 5_000, ": ping\n\ndata: \n\n");
    events(r, 10_000, content("a"), DONE);

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertArrayEquals(new long[] {10_000}, rec.chunkNanos());
  }
}
