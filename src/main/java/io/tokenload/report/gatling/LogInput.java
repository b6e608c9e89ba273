package io.tokenload.report.gatling;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The primitives of Gatling's binary {@code simulation.log}, read from a stream: big-endian ints
 * and longs, one-byte booleans, strings as {@code int length, bytes, coder byte}, and cached
 * strings (a positive index followed by the string the first time, minus the index after). Keeps
 * the offset of every byte, so damage can be named. Its own buffer, not {@code DataInputStream}:
 * one bounds check per value instead of a synchronized call per byte.
 */
final class LogInput implements AutoCloseable {

  /** Longer strings than this are taken for damage, not text (Gatling's names are short). */
  static final int MAX_STRING_BYTES = 1 << 20;

  /** More cached strings than this are taken for a damaged index. */
  static final int MAX_CACHED_STRINGS = 50_000_000;

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private final List<String> cache = new ArrayList<>();
  private int position;
  private int limit;
  private long consumed;

  LogInput(InputStream in) {
    this.in = in;
    cache.add(null); // indices start at 1
  }

  /** Bytes read so far: the offset of the next value. */
  long offset() {
    return consumed + position;
  }

  /** The next byte (0–255), or -1 at the end of the file. */
  int next() throws IOException {
    if (position == limit && !fill(1, false)) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  byte readByte() throws IOException {
    require(1);
    return buffer[position++];
  }

  boolean readBoolean(String what) throws IOException {
    long at = offset();
    byte b = readByte();
    if (b != 0 && b != 1) {
      throw new DamageException(at, what + " must be a boolean byte 0 or 1, was " + b);
    }
    return b == 1;
  }

  int readInt() throws IOException {
    require(4);
    int v =
        (buffer[position] & 0xff) << 24
            | (buffer[position + 1] & 0xff) << 16
            | (buffer[position + 2] & 0xff) << 8
            | (buffer[position + 3] & 0xff);
    position += 4;
    return v;
  }

  long readLong() throws IOException {
    long high = readInt() & 0xffffffffL;
    long low = readInt() & 0xffffffffL;
    return high << 32 | low;
  }

  /** {@code int length} then the bytes, as {@code writeByteBuffer} writes them. */
  void skipByteArray(String what) throws IOException {
    long at = offset();
    int length = readInt();
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new DamageException(
          at, what + " length " + length + " is outside 0.." + MAX_STRING_BYTES);
    }
    skip(length);
  }

  /**
   * A string: {@code int length} (0 for the empty string, then nothing more), the bytes of the
   * JVM's internal representation, then the coder byte: 0 for Latin-1 (one byte per char), 1 for
   * UTF-16 in the writing machine's byte order (little-endian on x86-64 and AArch64).
   */
  String readString(String what) throws IOException {
    long at = offset();
    int length = readInt();
    if (length == 0) {
      return "";
    }
    if (length < 0 || length > MAX_STRING_BYTES) {
      throw new DamageException(
          at, what + " length " + length + " is outside 0.." + MAX_STRING_BYTES);
    }
    require(length + 1);
    byte coder = buffer[position + length];
    String s;
    if (coder == 0) {
      s = new String(buffer, position, length, StandardCharsets.ISO_8859_1);
    } else if (coder == 1 && length % 2 == 0) {
      s = new String(buffer, position, length, StandardCharsets.UTF_16LE);
    } else {
      throw new DamageException(
          at,
          what
              + " has coder "
              + coder
              + " for "
              + length
              + " bytes; allowed: 0 (Latin-1) or 1 (UTF-16, even length)");
    }
    position += length + 1;
    return s;
  }

  /**
   * A string written with {@code writeCachedString}: new ones carry their index, known ones its
   * negation.
   */
  String readCachedString(String what) throws IOException {
    long at = offset();
    int index = readInt();
    if (index < 0) {
      int known = -index;
      if (known >= cache.size() || cache.get(known) == null) {
        throw new DamageException(
            at, what + " refers to string #" + known + ", which was never defined");
      }
      return cache.get(known);
    }
    if (index == 0 || index > MAX_CACHED_STRINGS) {
      throw new DamageException(
          at, what + " defines string #" + index + "; allowed: 1.." + MAX_CACHED_STRINGS);
    }
    String s = readString(what);
    while (cache.size() <= index) {
      cache.add(null);
    }
    cache.set(index, s);
    return s;
  }

  private void skip(int n) throws IOException {
    int left = n;
    while (left > 0) {
      if (position == limit && !fill(1, false)) {
        throw new EOFException("end of file inside a value");
      }
      int step = Math.min(left, limit - position);
      position += step;
      left -= step;
    }
  }

  private void require(int n) throws IOException {
    if (limit - position < n) {
      fill(n, true);
    }
  }

  /** Makes at least {@code n} bytes available; at the end of the file returns false or throws. */
  private boolean fill(int n, boolean mustHave) throws IOException {
    int kept = limit - position;
    byte[] target = n > buffer.length ? new byte[n] : buffer;
    System.arraycopy(buffer, position, target, 0, kept);
    buffer = target;
    consumed += position;
    position = 0;
    limit = kept;
    while (limit < n) {
      int read = in.read(buffer, limit, buffer.length - limit);
      if (read < 0) {
        if (mustHave) {
          throw new EOFException("end of file inside a value");
        }
        return limit >= n;
      }
      limit += read;
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Bytes that cannot be a record: the reader stops there. */
  static final class DamageException extends IOException {
    private static final long serialVersionUID = 1L;
    final long offset;

    DamageException(long offset, String message) {
      super(message);
      this.offset = offset;
    }
  }
}
