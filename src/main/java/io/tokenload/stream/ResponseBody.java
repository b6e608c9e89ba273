package io.tokenload.stream;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A response body read whole rather than as events: an error response, or a non-stream completion.
 * Keeps at most {@link #MAX_BYTES}; bytes past that are dropped and noted.
 */
final class ResponseBody {

  static final int MAX_BYTES = 4 << 20;
  private static final int ERROR_CHARS = 200;

  private byte[] bytes;
  private int length;
  private boolean truncated;

  void append(byte[] buf, int off, int len) {
    int room = MAX_BYTES - length;
    if (len > room) {
      truncated = true;
      len = room;
    }
    if (bytes == null) {
      bytes = new byte[Math.max(1024, len)];
    } else if (length + len > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + len, bytes.length * 2));
    }
    System.arraycopy(buf, off, bytes, length, len);
    length += len;
  }

  /** True when the body was longer than {@link #MAX_BYTES} and its tail was dropped. */
  boolean truncated() {
    return truncated;
  }

  /** The bytes kept, in a new array. */
  byte[] bytes() {
    return bytes == null ? new byte[0] : Arrays.copyOf(bytes, length);
  }

  String text() {
    return bytes == null ? "" : new String(bytes, 0, length, StandardCharsets.UTF_8);
  }

  /**
   * {@code HTTP 429: <message>}: the {@code message} of the body's error JSON, else the body's
   * first {@value #ERROR_CHARS} characters on one line.
   */
  String httpError(int status) {
    String text = text().strip();
    if (text.isEmpty()) {
      return "HTTP " + status + ": (empty body)";
    }
    Chunk chunk = ChunkParser.parse(text);
    if (chunk.kind() == Chunk.Kind.ERROR && chunk.error().message() != null) {
      return "HTTP " + status + ": " + chunk.error().message();
    }
    String head = text.length() <= ERROR_CHARS ? text : text.substring(0, ERROR_CHARS);
    return "HTTP " + status + ": " + head.replace('\r', ' ').replace('\n', ' ');
  }
}
