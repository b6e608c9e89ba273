package io.tokenload.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a stream as byte ranges of one reused buffer, so JSON can be decoded straight from
 * UTF-8 bytes without building a {@code String} per line. A line ends at {@code \n} (a {@code \r}
 * before it is dropped); the last line needs no end.
 */
final class LineInput implements AutoCloseable {

  private final InputStream in;
  private byte[] buffer = new byte[1 << 20];
  private int limit;
  private int next;
  private int start;
  private int length;
  private boolean eof;

  LineInput(InputStream in) {
    this.in = in;
  }

  /** Moves to the next line; false at the end of the stream. */
  boolean next() throws IOException {
    while (true) {
      for (int i = next; i < limit; i++) {
        if (buffer[i] == '\n') {
          take(next, i);
          next = i + 1;
          return true;
        }
      }
      if (eof) {
        if (next < limit) {
          take(next, limit);
          next = limit;
          return true;
        }
        return false;
      }
      fill();
    }
  }

  private void take(int from, int to) {
    start = from;
    length = (to > from && buffer[to - 1] == '\r' ? to - 1 : to) - from;
  }

  private void fill() throws IOException {
    int kept = limit - next;
    if (kept == buffer.length) {
      buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
    } else {
      System.arraycopy(buffer, next, buffer, 0, kept);
    }
    limit = kept;
    next = 0;
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      eof = true;
    } else {
      limit += read;
    }
  }

  byte[] bytes() {
    return buffer;
  }

  int start() {
    return start;
  }

  int length() {
    return length;
  }

  boolean blank() {
    for (int i = start; i < start + length; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
