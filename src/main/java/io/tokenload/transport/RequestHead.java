package io.tokenload.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The bytes of a request before its body, encoded once for every request to the same URI with the
 * same headers: the request line and the headers but for {@code X-Request-Id} and {@code
 * Content-Length}, which change with each request and are written after them.
 *
 * <p>Why: a closed model sends the next request from the event loop that just read the last one, so
 * encoding a request is on the loop's path between two streams. Netty's request object and its
 * encoder (header validation, a map of headers, their encoding one by one) took about a quarter of
 * the loop's work per request end (async-profiler, 32 streams of 128 tokens); this copies bytes.
 *
 * <p>Header names are HTTP tokens and values have no line breaks (RFC 9110, 5.1 and 5.5), checked
 * here, as Netty's headers did, so that no header can end the head early.
 */
final class RequestHead {

  private static final String REQUEST_ID = "x-request-id";
  private static final String CONTENT_LENGTH = "content-length";

  private final URI uri;
  private final Map<String, String> headers;
  private final byte[] bytes;
  private final boolean ownRequestId;

  private RequestHead(URI uri, Map<String, String> headers, byte[] bytes, boolean ownRequestId) {
    this.uri = uri;
    this.headers = headers;
    this.bytes = bytes;
    this.ownRequestId = ownRequestId;
  }

  /**
   * The head of {@code request}, {@code last} when that was made for the same URI and headers (the
   * same objects: a request factory makes them once).
   *
   * @throws IllegalArgumentException for a header that is not allowed on the wire
   */
  static RequestHead of(StreamRequest request, RequestHead last) {
    if (last != null && last.uri == request.uri() && last.headers == request.headers()) {
      return last;
    }
    // By lower-case name, in order: ours first, then the caller's, which replace ours of the same
    // name. Content-Length is always ours.
    Map<String, String> lines = new LinkedHashMap<>();
    lines.put("host", "Host: " + request.uri().getHost() + ":" + request.port());
    lines.put("content-type", "Content-Type: application/json");
    lines.put("accept", "Accept: text/event-stream, application/json");
    lines.put("connection", "Connection: keep-alive");
    for (Map.Entry<String, String> h : request.headers().entrySet()) {
      checkName(h.getKey());
      checkValue(h.getKey(), h.getValue());
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (!name.equals(CONTENT_LENGTH)) {
        lines.put(name, h.getKey() + ": " + h.getValue());
      }
    }
    StringBuilder head =
        new StringBuilder("POST ").append(request.pathAndQuery()).append(" HTTP/1.1\r\n");
    lines.values().forEach(line -> head.append(line).append("\r\n"));
    byte[] bytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
    return new RequestHead(request.uri(), request.headers(), bytes, !lines.containsKey(REQUEST_ID));
  }

  /** The whole request: this head, the request id and length, the body. */
  ByteBuf encode(ByteBufAllocator alloc, StreamRequest request) {
    String id = request.requestId();
    if (ownRequestId) {
      checkValue("X-Request-Id", id);
    }
    byte[] body = request.body();
    ByteBuf buf = alloc.buffer(bytes.length + id.length() + body.length + 48);
    buf.writeBytes(bytes);
    if (ownRequestId) {
      buf.writeCharSequence("X-Request-Id: ", StandardCharsets.ISO_8859_1);
      buf.writeCharSequence(id, StandardCharsets.ISO_8859_1);
      buf.writeShort(CRLF);
    }
    buf.writeCharSequence("Content-Length: ", StandardCharsets.ISO_8859_1);
    buf.writeCharSequence(Integer.toString(body.length), StandardCharsets.ISO_8859_1);
    buf.writeShort(CRLF);
    buf.writeShort(CRLF);
    buf.writeBytes(body);
    return buf;
  }

  private static final int CRLF = ('\r' << 8) | '\n';

  static void checkName(String name) {
    boolean token = !name.isEmpty();
    for (int i = 0; i < name.length() && token; i++) {
      char c = name.charAt(i);
      token = c > ' ' && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
    if (!token) {
      throw new IllegalArgumentException(
          "header name '" + name + "' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~)");
    }
  }

  /** Only the name goes into the message: a header's value may be a secret. */
  static void checkValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(
            "the value of header " + name + " has a line break or NUL, which HTTP does not allow");
      }
    }
  }
}
