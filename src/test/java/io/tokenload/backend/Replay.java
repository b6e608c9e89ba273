package io.tokenload.backend;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.StreamRecorder;
import io.tokenload.stream.Transcript;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Replays a response through a {@link StreamRecorder} in a backend's format, as the transport would
 * hand it over: the status, the headers, the body in reads of a few bytes (so events straddle
 * reads), then the end. Times are scripted: read {@code i} arrives {@code i} ms after the send.
 */
record Replay(RequestRecord record, Transcript transcript) {

  static final long SENT = 1_000_000_000L;

  static Replay of(Backend backend, String contentType, String body) {
    return of(backend, contentType, body, true, 200);
  }

  static Replay of(Backend backend, String contentType, String body, boolean streamed, int status) {
    RecordingListener.Asked asked =
        new RecordingListener.Asked(
            "req-1",
            "cell",
            0,
            SENT,
            -1,
            16,
            null,
            StreamLimits.DEFAULTS,
            Redactor.NONE,
            backend.format(),
            streamed,
            true);
    StreamRecorder recorder = new StreamRecorder(asked, SENT);
    recorder.onStatus(status);
    recorder.onHeaders(SENT, contentType, null, null);
    byte[] bytes = body.getBytes(UTF_8);
    long t = SENT;
    for (int off = 0; off < bytes.length; off += 7) {
      t += 1_000_000;
      recorder.onBytes(t, bytes, off, Math.min(7, bytes.length - off));
    }
    recorder.onEnd(t + 1_000_000);
    return new Replay(recorder.finish(), recorder.transcript());
  }

  /** A documented stream sample from {@code samples/}. */
  static String sample(String file) {
    try (InputStream in = Replay.class.getResourceAsStream("samples/" + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample " + file);
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
