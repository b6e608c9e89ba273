package io.tokenload.transport;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP POST whose response is read as a stream.
 *
 * @param uri absolute {@code http://} or {@code https://} URI of the endpoint
 * @param requestId sent as {@code X-Request-Id}, so a record joins with the server's logs
 * @param headers extra headers (an {@code Authorization} header, say); values are never logged
 * @param body the JSON body, already encoded
 * @param idleTimeout fail the request when no byte arrives for this long (a stalled server)
 * @param maxDuration fail the request when its response has not ended this long after it was sent
 *     (a server that streams forever); {@link StreamLimits#maxDuration}
 */
public record StreamRequest(
    URI uri,
    String requestId,
    Map<String, String> headers,
    byte[] body,
    Duration idleTimeout,
    Duration maxDuration) {

  /** A request cut at {@link StreamLimits#DEFAULTS}' duration. */
  public StreamRequest(
      URI uri, String requestId, Map<String, String> headers, byte[] body, Duration idleTimeout) {
    this(uri, requestId, headers, body, idleTimeout, StreamLimits.DEFAULTS.maxDuration());
  }

  public StreamRequest {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(requestId, "requestId");
    headers = Map.copyOf(headers);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "uri " + uri + " has scheme " + uri.getScheme() + "; allowed: http, https");
    }
  }

  /**
   * Checks that a header can go on the wire as HTTP/1.1 allows ({@link RequestHead}); the message
   * names the header, never its value.
   *
   * @throws IllegalArgumentException for a name that is not a token or a value with a line break
   */
  public static void checkHeader(String name, String value) {
    RequestHead.checkName(name);
    RequestHead.checkValue(name, value);
  }

  /** True for {@code https://}: the connection speaks TLS. */
  boolean secure() {
    return secure(uri);
  }

  int port() {
    return port(uri);
  }

  /** True for an {@code https://} URI. */
  static boolean secure(URI uri) {
    return "https".equals(uri.getScheme());
  }

  /** The URI's port, else its scheme's (443 or 80). */
  static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : secure(uri) ? 443 : 80;
  }

  String pathAndQuery() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }
}
