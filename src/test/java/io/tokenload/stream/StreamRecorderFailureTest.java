package io.tokenload.stream;

import static io.tokenload.stream.ScriptedStream.DONE;
import static io.tokenload.stream.ScriptedStream.INTENDED;
import static io.tokenload.stream.ScriptedStream.RUN_START;
import static io.tokenload.stream.ScriptedStream.SENT;
import static io.tokenload.stream.ScriptedStream.content;
import static io.tokenload.stream.ScriptedStream.events;
import static io.tokenload.stream.ScriptedStream.read;
import static io.tokenload.stream.ScriptedStream.recorder;
import static io.tokenload.stream.ScriptedStream.role;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import org.junit.jupiter.api.Test;

/** How the recorder reports failures, keeping what was measured before them. */
class StreamRecorderFailureTest {

  @Test
  void errorEventMidStreamFailsAndKeepsEarlierChunks() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"));
    events(r, 20_000, content(" b"));
    events(
        r,
        40_000,
        "{\"error\":{\"message\":\"out of"
            + " memory\",\"type\":\"InternalServerError\",\"code\":500}}");
    events(r, 41_000, DONE);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals(
        "stream error after 2 chunks: InternalServerError (code 500): out of memory", rec.error());
    assertArrayEquals(new long[] {10_000, 20_000}, rec.chunkNanos());
    assertEquals(40_000, rec.endNanos());
    assertEquals(200, rec.httpStatus());
  }

  @Test
  void streamEndingWithoutDoneFailsAndKeepsChunks() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, role(), content("a"));
    events(r, 20_000, content(" b"));
    r.onEnd(SENT + 90_000);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals("stream ended before [DONE] after 3 chunks", rec.error());
    assertArrayEquals(new long[] {10_000, 20_000}, rec.chunkNanos());
    assertEquals(2, rec.outputTokens());
    assertEquals(90_000, rec.endNanos());
  }

  @Test
  void streamCutInsideTheLastEventSaysItWasDropped() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"));
    read(r, 20_000, "data: [DONE]\n");
    r.onEnd(SENT + 21_000);

    RequestRecord rec = r.finish();
    assertEquals(
        "stream ended before [DONE] after 1 chunk; an unterminated last event was dropped",
        rec.error());
  }

  @Test
  void http429ReportsTheErrorBodysMessage() {
    StreamRecorder r = new StreamRecorder("req-2", "c", RUN_START, INTENDED, SENT, 128, 6, null);
    r.onStatus(429);
    read(r, 2_000, "{\"error\":{\"message\":\"Rate limit reached\",");
    read(r, 2_500, "\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}");
    r.onEnd(SENT + 3_000);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals(429, rec.httpStatus());
    assertEquals("HTTP 429: Rate limit reached", rec.error());
    assertEquals(-1, rec.firstTokenNanos());
    assertEquals(3_000, rec.endNanos());
    assertEquals(0, rec.chunkNanos().length);
  }

  @Test
  void httpErrorWithPlainBodyQuotesItsFirst200Chars() {
    StreamRecorder r = new StreamRecorder("req-3", "c", RUN_START, INTENDED, SENT, 1, 1, null);
    r.onStatus(503);
    read(r, 1_000, "Service Unavailable\n" + "x".repeat(300));
    r.onEnd(SENT + 2_000);

    assertEquals("HTTP 503: Service Unavailable " + "x".repeat(180), r.finish().error());
  }

  @Test
  void malformedChunkStopsCountingAndKeepsEarlierChunks() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"));
    events(r, 20_000, "{\"choices\":[");
    events(r, 30_000, content(" b"), DONE);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals(
        "malformed chunk after 1 chunk: invalid JSON at line 1, column 13 (Unexpected"
            + " end-of-input: expected close marker for Array); data: \"{\"choices\":[\"",
        rec.error());
    assertArrayEquals(new long[] {10_000}, rec.chunkNanos());
    assertEquals(20_000, rec.endNanos());
  }

  @Test
  void dataAfterDoneIsIgnored() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"), DONE, content(" b"));
    events(r, 20_000, content(" c"));
    r.onFailure(SENT + 30_000, "connection reset");

    RequestRecord rec = r.finish();
    assertTrue(rec.ok());
    assertArrayEquals(new long[] {10_000}, rec.chunkNanos());
    assertEquals(10_000, rec.endNanos());
  }

  @Test
  void transportFailureKeepsMeasurements() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"), content(" b"));
    r.onFailure(SENT + 70_000, "read timeout");

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals("read timeout after 2 chunks", rec.error());
    assertEquals(70_000, rec.endNanos());
    assertArrayEquals(new long[] {10_000, 10_000}, rec.chunkNanos());
  }

  @Test
  void finishBeforeTheResponseEndedFails() {
    StreamRecorder r = recorder(null);
    events(r, 10_000, content("a"));

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals("recorder finished before the response ended, after 1 chunk", rec.error());
    assertEquals(-1, rec.endNanos());
    assertSame(rec, r.finish());
  }

  @Test
  void httpErrorBodyCutShortReportsStatusThenReason() {
    StreamRecorder r = new StreamRecorder("req-4", "c", RUN_START, INTENDED, SENT, 1, 1, null);
    r.onStatus(500);
    read(r, 1_000, "{\"error\":{\"message\":\"boom\"");
    r.onFailure(SENT + 4_000, "connection reset");

    RequestRecord rec = r.finish();
    assertEquals("HTTP 500: {\"error\":{\"message\":\"boom\"; then connection reset", rec.error());
    assertEquals(4_000, rec.endNanos());
  }

  @Test
  void streamWithoutHttpStatusIsNotOk() {
    StreamRecorder r = new StreamRecorder("req-5", "c", RUN_START, INTENDED, SENT, 1, 1, null);
    events(r, 10_000, content("a"), DONE);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertEquals("no HTTP status was reported", rec.error());
    assertArrayEquals(new long[] {10_000}, rec.chunkNanos());
  }

  @Test
  void malformedNonStreamBodyFails() {
    StreamRecorder r = recorder(null);
    read(r, 5_000, "{\"choices\":[{\"message\":{\"content\":\"a b");
    r.onEnd(SENT + 6_000);

    RequestRecord rec = r.finish();
    assertFalse(rec.ok());
    assertTrue(
        rec.error().startsWith("malformed response body: invalid JSON at line 1"), rec.error());
    assertEquals(6_000, rec.endNanos());
  }
}
