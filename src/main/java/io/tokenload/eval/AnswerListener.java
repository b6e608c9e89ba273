package io.tokenload.eval;

import io.tokenload.stream.Chunk;
import io.tokenload.stream.ChunkParser;
import io.tokenload.stream.RecordingListener;
import io.tokenload.stream.SseDecoder;
import io.tokenload.transport.StreamListener;
import java.io.ByteArrayOutputStream;
import java.util.function.Consumer;

/**
 * Reads one answer: the bytes go to a {@link RecordingListener} (so the request is timed and judged
 * exactly as in a load run) and, beside it, the answer's content is collected from the same events,
 * or from a whole JSON body when the server did not stream. Called on one event loop, in {@link
 * StreamListener}'s order.
 */
public final class AnswerListener implements StreamListener {

  /** Text kept per answer at most; a model that rambles past it is cut, and scored on the start. */
  static final int MAX_CHARS = 1 << 20;

  private final RecordingListener recording;
  private final Consumer<Answer> onDone;
  private final StringBuilder text = new StringBuilder();
  private final SseDecoder decoder = new SseDecoder(this::onEvent);
  private ByteArrayOutputStream body;
  private boolean decided;

  public AnswerListener(RecordingListener.Asked asked, Consumer<Answer> onDone) {
    this.onDone = onDone;
    this.recording = new RecordingListener(asked, r -> onDone.accept(new Answer(text(), r)));
  }

  @Override
  public void onSent(long nanos) {
    recording.onSent(nanos);
  }

  @Override
  public void onStatus(long nanos, int httpStatus) {
    recording.onStatus(nanos, httpStatus);
  }

  @Override
  public void onBytes(long arrivalNanos, byte[] buf, int off, int len) {
    collect(buf, off, len);
    recording.onBytes(arrivalNanos, buf, off, len);
  }

  @Override
  public void onEnd(long nanos) {
    recording.onEnd(nanos);
  }

  @Override
  public void onFailure(long nanos, String reason) {
    recording.onFailure(nanos, reason);
  }

  private void collect(byte[] buf, int off, int len) {
    if (!decided) {
      int first = off;
      while (first < off + len && Character.isWhitespace(buf[first])) {
        first++;
      }
      if (first == off + len) {
        return;
      }
      decided = true;
      if (buf[first] == '{') {
        body = new ByteArrayOutputStream();
      }
    }
    if (body != null) {
      if (body.size() < 4 * MAX_CHARS) {
        body.write(buf, off, len);
      }
    } else {
      decoder.feed(buf, off, len);
    }
  }

  private void onEvent(String type, byte[] data, int length, String lastEventId) {
    add(ChunkParser.parse(data, 0, length));
  }

  private void add(Chunk chunk) {
    if (chunk.kind() == Chunk.Kind.DATA && chunk.hasContent() && text.length() < MAX_CHARS) {
      text.append(
          chunk.content(), 0, Math.min(chunk.content().length(), MAX_CHARS - text.length()));
    }
  }

  private String text() {
    if (body != null && body.size() > 0) {
      add(ChunkParser.parse(body.toByteArray(), 0, body.size()));
      body = null;
    }
    return text.toString();
  }
}
