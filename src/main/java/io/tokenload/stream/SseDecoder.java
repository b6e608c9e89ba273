package io.tokenload.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes a {@code text/event-stream} body into {@link SseEvent}s: bytes in, events out, no I/O.
 *
 * <p>Implements the parsing rules of the WHATWG HTML standard, section 9.2.6 "Interpreting an event
 * stream"
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
 *
 * <ul>
 *   <li>The stream is UTF-8; one U+FEFF byte order mark at the very start of the stream is ignored.
 *       Bytes are kept raw until a field value is complete, so a character split across two {@link
 *       #feed} calls decodes correctly; invalid sequences become U+FFFD, as the UTF-8 decode
 *       algorithm specifies.
 *   <li>A line ends with CRLF, LF or CR. A CR that ends one feed and an LF that starts the next are
 *       one line end.
 *   <li>An empty line dispatches the event. A line starting with {@code :} is a comment. Otherwise
 *       the field name runs to the first {@code :} (or the whole line, with an empty value, when
 *       there is none) and one space after the colon is removed from the value.
 *   <li>{@code data}: the value is appended to the data buffer; the lines of one event are joined
 *       with {@code \n}. {@code event}: sets the event type. {@code id}: sets the last event ID,
 *       which persists across events, unless the value contains U+0000 NULL. {@code retry} and
 *       unknown fields are ignored (there is no reconnection here).
 *   <li>An event with no {@code data} field is not dispatched; its event type is discarded.
 *   <li>At the end of the stream ({@link #finish}) an incomplete event, or an unterminated last
 *       line, is discarded, not dispatched.
 * </ul>
 *
 * <p>Memory is bounded: a line longer than the decoder's {@code maxLineBytes}, or an event whose
 * data grows past it, stops the decoder ({@link #overflowed}); it buffers nothing more and
 * dispatches no further event, so a server sending one endless line cannot exhaust the heap.
 *
 * <p>It sits on the hot path, so it scans bytes in place, copies only lines that straddle two
 * feeds, and allocates only for {@code event}/{@code id} values and, with a {@link
 * Consumer}&lt;{@link SseEvent}&gt;, for dispatched events ({@link DataListener} gets the bytes).
 * Not thread-safe: one decoder per stream, driven by one thread.
 */
public final class SseDecoder implements EventDecoder {

  private static final byte LF = '\n';
  private static final byte CR = '\r';
  private static final byte COLON = ':';
  private static final byte SPACE = ' ';
  private static final byte[] DATA = {'d', 'a', 't', 'a'};
  private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
  private static final byte[] ID = {'i', 'd'};
  private static final String DEFAULT_EVENT_TYPE = "message";

  /**
   * Receives each dispatched event with its data still in UTF-8 bytes, so the hot path never makes
   * a string of it.
   */
  @FunctionalInterface
  public interface DataListener {
    /**
     * One event. {@code data[0, length)} is the event's data; it is valid only during the call.
     *
     * @param type the event type, {@code "message"} by default
     * @param lastEventId the stream's last event ID, or null
     */
    void onEvent(String type, byte[] data, int length, String lastEventId);
  }

  private final DataListener listener;
  private final int maxLineBytes;

  /** The unterminated tail of the previous feed(s). */
  private byte[] line = new byte[256];

  private int lineLength;
  private byte[] data = new byte[1024];
  private int dataLength;
  private boolean hasData;
  private String eventType;
  private String lastEventId;
  private boolean skipLeadingLf;
  private boolean atStreamStart = true;
  private boolean finished;
  private boolean overflowed;

  /** A decoder that hands each dispatched event to {@code listener}, on the feeding thread. */
  public SseDecoder(Consumer<SseEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    this.listener =
        (type, data, length, id) ->
            listener.accept(new SseEvent(type, new String(data, 0, length, UTF_8), id));
    this.maxLineBytes = Integer.MAX_VALUE;
  }

  /** A decoder that hands each event's data bytes to {@code listener}, on the feeding thread. */
  public SseDecoder(DataListener listener) {
    this(listener, Integer.MAX_VALUE);
  }

  /**
   * {@link #SseDecoder(DataListener)}, stopping at a line, or an event's data, longer than {@code
   * maxLineBytes}.
   */
  public SseDecoder(DataListener listener, int maxLineBytes) {
    this.listener = Objects.requireNonNull(listener, "listener");
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes was " + maxLineBytes + ", must be >= 1");
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * True once a line or an event's data went past {@code maxLineBytes}: the decoder has dropped its
   * buffers and ignores the rest of the stream.
   */
  @Override
  public boolean overflowed() {
    return overflowed;
  }

  /**
   * Decodes {@code len} bytes of {@code buf} from {@code off}; dispatches every event they
   * complete.
   */
  @Override
  public void feed(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (finished) {
      throw new IllegalStateException(
          "SseDecoder.feed() after finish(): a decoder reads one stream, create one per stream");
    }
    if (overflowed) {
      return;
    }
    int end = off + len;
    int pos = off;
    if (skipLeadingLf && pos < end) {
      if (buf[pos] == LF) {
        pos++;
      }
      skipLeadingLf = false;
    }
    while (pos < end) {
      int eol = pos;
      while (eol < end && buf[eol] != LF && buf[eol] != CR) {
        eol++;
      }
      if (eol == end) {
        appendToLine(buf, pos, end - pos);
        return;
      }
      if (lineLength == 0) {
        if (eol - pos > maxLineBytes) {
          overflow();
          return;
        }
        processLine(buf, pos, eol);
      } else {
        if (!appendToLine(buf, pos, eol - pos)) {
          return;
        }
        int length = lineLength;
        lineLength = 0; // processLine reads the line buffer but never writes it
        processLine(line, 0, length);
      }
      if (overflowed) {
        return;
      }
      if (buf[eol] == CR) {
        if (eol + 1 == end) {
          skipLeadingLf = true;
        } else if (buf[eol + 1] == LF) {
          eol++;
        }
      }
      pos = eol + 1;
    }
  }

  /**
   * Ends the stream. An incomplete event (fields after the last blank line, or an unterminated last
   * line) is discarded, as the spec requires; later {@link #feed} calls are rejected.
   *
   * @return true when something was discarded: the stream ended in the middle of an event
   */
  @Override
  public boolean finish() {
    boolean partial = !finished && (lineLength > 0 || hasData || eventType != null);
    finished = true;
    lineLength = 0;
    dataLength = 0;
    hasData = false;
    eventType = null;
    return partial;
  }

  private void processLine(byte[] b, int start, int end) {
    if (atStreamStart) {
      atStreamStart = false;
      if (end - start >= 3
          && b[start] == (byte) 0xEF
          && b[start + 1] == (byte) 0xBB
          && b[start + 2] == (byte) 0xBF) {
        start += 3;
      }
    }
    if (start == end) {
      dispatch();
      return;
    }
    if (b[start] == COLON) {
      return;
    }
    int colon = indexOf(b, start, end, COLON);
    int nameEnd = colon < 0 ? end : colon;
    int valueStart = colon < 0 ? end : colon + 1;
    if (valueStart < end && b[valueStart] == SPACE) {
      valueStart++;
    }
    if (isField(b, start, nameEnd, DATA)) {
      appendData(b, valueStart, end - valueStart);
    } else if (isField(b, start, nameEnd, EVENT)) {
      eventType = utf8(b, valueStart, end);
    } else if (isField(b, start, nameEnd, ID)) {
      if (indexOf(b, valueStart, end, (byte) 0) < 0) {
        lastEventId = utf8(b, valueStart, end);
      }
    }
  }

  private void dispatch() {
    if (!hasData) {
      eventType = null;
      return;
    }
    String type = eventType == null || eventType.isEmpty() ? DEFAULT_EVENT_TYPE : eventType;
    String id = lastEventId == null || lastEventId.isEmpty() ? null : lastEventId;
    int length = dataLength;
    dataLength = 0;
    hasData = false;
    eventType = null;
    listener.onEvent(type, data, length, id);
  }

  /** Keeps an unterminated line's bytes; false when that makes it too long. */
  private boolean appendToLine(byte[] b, int off, int len) {
    if (len > maxLineBytes - lineLength) {
      overflow();
      return false;
    }
    if (lineLength + len > line.length) {
      line = Arrays.copyOf(line, Math.max(lineLength + len, line.length * 2));
    }
    System.arraycopy(b, off, line, lineLength, len);
    lineLength += len;
    return true;
  }

  /** Drops every buffer, so the memory an over-long line took is freed at once. */
  private void overflow() {
    overflowed = true;
    lineLength = 0;
    dataLength = 0;
    hasData = false;
    eventType = null;
    line = new byte[0];
    data = new byte[0];
  }

  /** Appends one data line's value, after a {@code \n} when the event already has data. */
  private void appendData(byte[] b, int off, int len) {
    int separator = hasData ? 1 : 0;
    if (len > maxLineBytes - dataLength - separator) {
      overflow();
      return;
    }
    if (dataLength + separator + len > data.length) {
      data = Arrays.copyOf(data, Math.max(dataLength + separator + len, data.length * 2));
    }
    if (hasData) {
      data[dataLength++] = LF;
    }
    System.arraycopy(b, off, data, dataLength, len);
    dataLength += len;
    hasData = true;
  }

  private static boolean isField(byte[] b, int start, int end, byte[] name) {
    return Arrays.equals(b, start, end, name, 0, name.length);
  }

  private static int indexOf(byte[] b, int start, int end, byte value) {
    for (int i = start; i < end; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static String utf8(byte[] b, int start, int end) {
    return new String(b, start, end - start, UTF_8);
  }
}
