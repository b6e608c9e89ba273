package io.tokenload.stream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SseDecoderTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final SseDecoder decoder = new SseDecoder(events::add);

  private void feed(byte[] bytes) {
    decoder.feed(bytes, 0, bytes.length);
  }

  private void feed(String... parts) {
    for (String part : parts) {
      feed(part.getBytes(UTF_8));
    }
  }

  private static SseEvent message(String data) {
    return new SseEvent("message", data, null);
  }

  @Test
  void multilineDataJoinedWithNewline() {
    feed("data: first\ndata: second\ndata: third\n\n");
    assertEquals(List.of(message("first\nsecond\nthird")), events);
  }

  @Test
  void crlfAndCrLineEnds() {
    feed("data: a\r\ndata: b\r\n\r\ndata: c\rdata: d\r\rdata: e\n\n");
    assertEquals(List.of(message("a\nb"), message("c\nd"), message("e")), events);
  }

  @Test
  void crAtFeedBoundaryThenLf() {
    // Were the LF a line of its own, it would dispatch "a" before "b" arrived.
    feed("data: a\r", "\ndata: b\r", "\n\r", "\n");
    assertEquals(List.of(message("a\nb")), events);
  }

  @Test
  void crAtFeedBoundaryThenOtherByteStartsNextLine() {
    feed("data: a\r", "data: b\r", "\r");
    assertEquals(List.of(message("a\nb")), events);
  }

  @Test
  void commentsIgnored() {
    feed(": keep-alive\ndata: x\n:another comment\n\n: ping\n\n");
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void eventWithoutDataNotDispatched() {
    feed("event: ping\n\ndata: x\n\n");
    // The type of the undispatched event is discarded with it.
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void eventTypeApplies() {
    feed("event: delta\ndata: x\n\n");
    assertEquals(List.of(new SseEvent("delta", "x", null)), events);
  }

  @Test
  void idPersistsAcrossEvents() {
    feed("id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n");
    assertEquals(
        List.of(new SseEvent("message", "a", "7"), new SseEvent("message", "b", "7"), message("c")),
        events);
  }

  @Test
  void idContainingNulIgnored() {
    feed("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n");
    assertEquals("1", events.get(1).id());
  }

  @Test
  void retryAndUnknownFieldsIgnored() {
    feed("retry: 1000\nretry: soon\nfoo: bar\ndata: x\n\n");
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void bomSkipped() {
    feed(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    feed("data: x\n\n");
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void bomSplitAcrossFeedsSkipped() {
    feed(new byte[] {(byte) 0xEF});
    feed(new byte[] {(byte) 0xBB, (byte) 0xBF, 'd'});
    feed("ata: x\n\n");
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void bomAfterTheStartIsData() {
    feed("data: x\n\n\uFEFFdata: y\n\n");
    // Mid-stream, the BOM makes the field name "\uFEFFdata", which is unknown.
    assertEquals(List.of(message("x")), events);
  }

  @Test
  void utf8SplitAcrossFeeds() {
    byte[] bytes = "data: héllo 😀 世界\n\n".getBytes(UTF_8);
    for (int cut = 0; cut <= bytes.length; cut++) {
      events.clear();
      SseDecoder d = new SseDecoder(events::add);
      d.feed(bytes, 0, cut);
      d.feed(bytes, cut, bytes.length - cut);
      assertEquals(List.of(message("héllo 😀 世界")), events, "cut at byte " + cut);
    }
  }

  @Test
  void invalidUtf8BecomesReplacementCharacter() {
    feed(new byte[] {'d', 'a', 't', 'a', ':', (byte) 0xC3, '\n', '\n'});
    assertEquals(List.of(message("\uFFFD")), events);
  }

  @Test
  void leadingSpaceStrippedOnce() {
    feed("data:  two spaces\n\ndata:none\n\n");
    assertEquals(List.of(message(" two spaces"), message("none")), events);
  }

  @Test
  void fieldWithoutColon() {
    feed("data\n\ndata\ndata\n\n");
    assertEquals(List.of(message(""), message("\n")), events);
  }

  @Test
  void colonInValueKept() {
    feed("data: {\"a\":\"b:c\"}\n\n");
    assertEquals(List.of(message("{\"a\":\"b:c\"}")), events);
  }

  @Test
  void trailingPartialEventDroppedAtFinish() {
    feed("data: a\n\ndata: b\n");
    assertTrue(decoder.finish());
    assertEquals(List.of(message("a")), events);
  }

  @Test
  void unterminatedLastLineDroppedAtFinish() {
    feed("data: a\n\ndata: [DONE]");
    assertTrue(decoder.finish());
    assertEquals(List.of(message("a")), events);
  }

  @Test
  void cleanEndHasNoPartialEvent() {
    feed("data: a\n\n: bye\n");
    assertFalse(decoder.finish());
  }

  @Test
  void feedAfterFinishRejected() {
    decoder.finish();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> feed("data: x\n\n"));
    assertTrue(e.getMessage().contains("after finish()"), e.getMessage());
  }

  @Test
  void feedsOnlyTheGivenRange() {
    byte[] bytes = "xxdata: a\n\nyy".getBytes(UTF_8);
    decoder.feed(bytes, 2, bytes.length - 4);
    assertEquals(List.of(message("a")), events);
  }

  @Test
  void longLinesAcrossManyFeeds() {
    String value = "v".repeat(5000);
    byte[] bytes = ("data: " + value + "\n\n").getBytes(UTF_8);
    for (int i = 0; i < bytes.length; i += 100) {
      decoder.feed(bytes, i, Math.min(100, bytes.length - i));
    }
    assertEquals(List.of(message(value)), events);
  }

  /** Streams whose events must not depend on how the bytes are cut into feeds. */
  enum Stream {
    OPENAI(
        "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\n"
            + "data: {\"choices\":[{\"delta\":{\"content\":\"héllo\"}}]}\n\n"
            + "data: [DONE]\n\n"),
    MIXED_LINE_ENDS("\uFEFF: hi\r\nevent: e\rid: 3\r\ndata: a\ndata:b\r\r\ndata\n\n"),
    MULTIBYTE("data: 😀😀 世界\r\n\r\ndata: ü\r\r"),
    TRAILING_PARTIAL("data: a\n\ndata: b\r\ndata: c");

    final byte[] bytes;

    Stream(String text) {
      this.bytes = text.getBytes(UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(Stream.class)
  void byteAtATimeFeedingEqualsWholeFeeding(Stream stream) {
    List<SseEvent> whole = new ArrayList<>();
    SseDecoder wholeDecoder = new SseDecoder(whole::add);
    wholeDecoder.feed(stream.bytes, 0, stream.bytes.length);
    boolean wholePartial = wholeDecoder.finish();

    for (int size = 1; size <= 7; size++) {
      List<SseEvent> pieces = new ArrayList<>();
      SseDecoder d = new SseDecoder(pieces::add);
      for (int i = 0; i < stream.bytes.length; i += size) {
        d.feed(stream.bytes, i, Math.min(size, stream.bytes.length - i));
      }
      assertEquals(whole, pieces, "feeds of " + size + " bytes");
      assertEquals(wholePartial, d.finish(), "feeds of " + size + " bytes");
    }
  }

  @Test
  void mixedLineEndStreamDecodesAsSpecified() {
    feed(Stream.MIXED_LINE_ENDS.bytes);
    assertEquals(List.of(new SseEvent("e", "a\nb", "3"), new SseEvent("message", "", "3")), events);
  }

  @Test
  void dataListenerGetsTheBytesOfEachEvent() {
    List<String> seen = new ArrayList<>();
    SseDecoder bytes =
        new SseDecoder(
            (type, data, length, id) ->
                seen.add(type + "|" + new String(data, 0, length, UTF_8) + "|" + id));
    byte[] stream = "id: 7\ndata: h\u00e9\ndata: x\n\nevent: end\ndata: [DONE]\n\n".getBytes(UTF_8);

    bytes.feed(stream, 0, 9); // the first event's bytes straddle two feeds
    bytes.feed(stream, 9, stream.length - 9);

    assertEquals(List.of("message|h\u00e9\nx|7", "end|[DONE]|7"), seen);
  }

  /** A decoder of data bytes stopping at 16 bytes a line, collecting what it dispatches. */
  private static SseDecoder bounded(List<String> out) {
    return new SseDecoder(
        (type, data, length, id) -> out.add(new String(data, 0, length, UTF_8)), 16);
  }

  private static void feed(SseDecoder d, String s) {
    byte[] b = s.getBytes(UTF_8);
    d.feed(b, 0, b.length);
  }

  @Test
  void aLineLongerThanTheLimitAcrossFeedsStopsTheDecoder() {
    List<String> out = new ArrayList<>();
    SseDecoder d = bounded(out);
    feed(d, "data: ok\n\n");
    for (int i = 0; i < 1000; i++) {
      feed(d, "data: xxxxxxxx"); // no line end, ever
    }
    feed(d, "\n\ndata: late\n\n");
    assertTrue(d.overflowed());
    assertEquals(List.of("ok"), out);
    assertFalse(d.finish(), "nothing is left buffered");
  }

  @Test
  void aLineLongerThanTheLimitWithinOneFeedStopsTheDecoder() {
    List<String> out = new ArrayList<>();
    SseDecoder d = bounded(out);
    feed(d, "data: 0123456789abcdef\n\n");
    assertTrue(d.overflowed());
    assertEquals(List.of(), out);
  }

  @Test
  void anEventWhoseDataLinesAddUpPastTheLimitStopsTheDecoder() {
    List<String> out = new ArrayList<>();
    SseDecoder d = bounded(out);
    feed(d, "data: 0123456\ndata: 789abc\ndata: def\n\n"); // each line fits; the event does not
    assertTrue(d.overflowed());
    assertEquals(List.of(), out);
  }

  @Test
  void aLineOfExactlyTheLimitIsRead() {
    List<String> out = new ArrayList<>();
    SseDecoder d = bounded(out);
    feed(d, "data: 0123456789\n\n"); // 16 bytes
    assertFalse(d.overflowed());
    assertEquals(List.of("0123456789"), out);
  }
}
