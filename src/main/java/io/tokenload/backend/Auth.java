package io.tokenload.backend;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a protocol sends its key: {@code Authorization: Bearer} (OpenAI and most), a header of its
 * own with fixed companions ({@code x-api-key} and {@code anthropic-version}), a query parameter,
 * or nothing. The key itself never passes through here except into the map or URI returned, which
 * the transport sends and never logs.
 *
 * @param kind where the key goes
 * @param name the header or query parameter name (unused for {@link Kind#BEARER} and {@link
 *     Kind#NONE})
 * @param fixedHeaders headers sent with every request, key or not
 */
public record Auth(Kind kind, String name, Map<String, String> fixedHeaders) {

  /** Where the key goes. */
  public enum Kind {
    NONE,
    BEARER,
    HEADER,
    QUERY
  }

  public static final Auth BEARER = new Auth(Kind.BEARER, "Authorization", Map.of());
  public static final Auth NONE = new Auth(Kind.NONE, "", Map.of());

  public Auth {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    fixedHeaders = Map.copyOf(fixedHeaders);
  }

  /** The key in header {@code name}, with {@code fixedHeaders} beside it. */
  public static Auth header(String name, Map<String, String> fixedHeaders) {
    return new Auth(Kind.HEADER, name, fixedHeaders);
  }

  /** The key in query parameter {@code name}. */
  public static Auth query(String name) {
    return new Auth(Kind.QUERY, name, Map.of());
  }

  /** The headers of a request with {@code key} (null when the run has none). */
  public Map<String, String> headers(String key) {
    Map<String, String> headers = new LinkedHashMap<>(fixedHeaders);
    if (key != null) {
      switch (kind) {
        case BEARER -> headers.put("Authorization", "Bearer " + key);
        case HEADER -> headers.put(name, key);
        case NONE, QUERY -> {}
      }
    }
    return headers;
  }

  /** {@code uri} with the key as a query parameter, for {@link Kind#QUERY}; else {@code uri}. */
  public URI uri(URI uri, String key) {
    if (kind != Kind.QUERY || key == null) {
      return uri;
    }
    String s = uri.toString();
    String param =
        name + "=" + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
    return URI.create(s + (uri.getRawQuery() == null ? "?" : "&") + param);
  }
}
