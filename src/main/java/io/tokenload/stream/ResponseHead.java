package io.tokenload.stream;

import java.util.Locale;

/**
 * What a response's status and headers say about how its body can be read, before any byte of it:
 * an event stream, one JSON body, or nothing tokenload can measure (a redirect, an encoding it did
 * not ask for, a page that is not an event stream). Pure: headers in, a verdict out.
 *
 * @param status the HTTP status
 * @param contentType {@code Content-Type}, or null when absent
 * @param contentEncoding {@code Content-Encoding}, or null when absent
 * @param location {@code Location}, or null when absent
 */
record ResponseHead(
    int status,
    String contentType,
    String contentEncoding,
    String location,
    StreamFormat.Framing framing) {

  /** The head of an event-stream (SSE) response. */
  ResponseHead(int status, String contentType, String contentEncoding, String location) {
    this(status, contentType, contentEncoding, location, StreamFormat.Framing.SSE);
  }

  /** How the body is to be read. */
  enum Body {
    /** {@code text/event-stream}; or {@code application/x-ndjson} for an NDJSON protocol. */
    EVENTS,
    /** {@code application/json}: one body, an answer or an error object. */
    WHOLE,
    /** No {@code Content-Type} on a 2xx, or a non-2xx: decided by the body's first byte. */
    SNIFF
  }

  private static final String EVENT_STREAM = "text/event-stream";
  private static final String JSON = "application/json";
  private static final String NDJSON = "application/x-ndjson";

  /** Why the body cannot be measured, or null when it can. */
  String refusal() {
    if (status >= 300 && status < 400) {
      return "HTTP "
          + status
          + (location == null
              ? " redirect without a Location header"
              : " redirect to " + location + ", not followed: point the URL at it");
    }
    if (contentEncoding != null && !"identity".equalsIgnoreCase(contentEncoding.strip())) {
      return "HTTP "
          + status
          + " with Content-Encoding "
          + contentEncoding.strip()
          + ", which tokenload neither asks for nor decodes";
    }
    if (body() == null) {
      return "HTTP "
          + status
          + " with Content-Type "
          + contentType.strip()
          + ", not "
          + expected()
          + ": not an event stream";
    }
    return null;
  }

  /** How to read the body; null for a 2xx whose content type is neither SSE nor JSON. */
  Body body() {
    if (status < 200 || status >= 300 || contentType == null) {
      return Body.SNIFF;
    }
    String media = mediaType(contentType);
    if (EVENT_STREAM.equals(media) || (isNdjson() && NDJSON.equals(media))) {
      return Body.EVENTS;
    }
    return JSON.equals(media) ? Body.WHOLE : null;
  }

  private boolean isNdjson() {
    return framing == StreamFormat.Framing.NDJSON;
  }

  private String expected() {
    return isNdjson() ? NDJSON : EVENT_STREAM;
  }

  /** {@code text/event-stream} of {@code Text/Event-Stream; charset=utf-8}. */
  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
        .strip()
        .toLowerCase(Locale.ROOT);
  }
}
