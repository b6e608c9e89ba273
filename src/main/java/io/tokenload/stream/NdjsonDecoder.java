package io.tokenload.stream;

import java.util.Arrays;
import java.util.Objects;

/**
 * Reads newline-delimited JSON (one JSON value per line, as Ollama streams) from bytes: bytes in,
 * lines out, no sockets, no clocks. A line ends at {@code \n} (a {@code \r} before it is dropped);
 * blank lines are skipped; a last line without its {@code \n} is dropped at {@link #finish}, as an
 * unterminated SSE event is. Each line goes to the listener as an event named {@code line}.
 *
 * <p>Not thread-safe: one decoder per stream, driven by one thread.
 */
public final class NdjsonDecoder implements EventDecoder {

  /** The event name every line is handed over with. */
  public static final String LINE = "line";

  private final SseDecoder.DataListener listener;
  private final int maxLineBytes;
  private byte[] line = new byte[1024];
  private int lineLength;
  private boolean overflowed;
  private boolean finished;

  /**
   * A decoder handing each line to {@code listener}, stopping at a line over {@code maxLineBytes}.
   */
  public NdjsonDecoder(SseDecoder.DataListener listener, int maxLineBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes was " + maxLineBytes + ", must be >= 1");
    }
    this.maxLineBytes = maxLineBytes;
  }

  @Override
  public boolean overflowed() {
    return overflowed;
  }

  @Override
  public void feed(byte[] buf, int off, int len) {
    if (finished) {
      throw new IllegalStateException("feed after finish");
    }
    int start = off;
    int end = off + len;
    for (int i = off; i < end && !overflowed; i++) {
      if (buf[i] == '\n') {
        append(buf, start, i);
        if (!overflowed) {
          dispatch();
        }
        start = i + 1;
      }
    }
    if (!overflowed && start < end) {
      append(buf, start, end);
    }
  }

  @Override
  public boolean finish() {
    boolean partial = !finished && lineLength > 0 && !ChunkParser.isBlank(line, 0, lineLength);
    finished = true;
    lineLength = 0;
    return partial;
  }

  private void append(byte[] buf, int from, int to) {
    int n = to - from;
    if (lineLength + n > maxLineBytes) {
      overflowed = true;
      line = new byte[0];
      lineLength = 0;
      return;
    }
    if (lineLength + n > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + n, line.length * 2));
    }
    System.arraycopy(buf, from, line, lineLength, n);
    lineLength += n;
  }

  private void dispatch() {
    int length = lineLength;
    if (length > 0 && line[length - 1] == '\r') {
      length--;
    }
    lineLength = 0;
    if (!ChunkParser.isBlank(line, 0, length)) {
      listener.onEvent(LINE, line, length, null);
    }
  }
}
