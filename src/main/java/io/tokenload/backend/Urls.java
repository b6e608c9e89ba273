package io.tokenload.backend;

import java.net.URI;

/** Joins a server's base URL and a protocol's path, the one rule every backend follows. */
public final class Urls {

  private Urls() {}

  /**
   * {@code base} itself when its path already ends with {@code path}'s (a full endpoint URL as
   * users paste it; its query is kept); else {@code base} (trailing slashes and query dropped) plus
   * {@code path}, leaving out {@code path}'s first segment when {@code base} ends with it ({@code
   * http://h/v1} + {@code /v1/chat/completions}). {@code path} may carry a query ({@code
   * ?alt=sse}).
   */
  public static URI join(URI base, String path) {
    String pathOnly = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    if (!pathOnly.isEmpty() && basePath.endsWith(pathOnly)) {
      return base;
    }
    String trimmed = trimmed(base);
    String rest = path;
    int second = path.indexOf('/', 1);
    if (second > 0) {
      String first = path.substring(0, second);
      if (trimmed.endsWith(first)) {
        rest = path.substring(second);
      }
    }
    return URI.create(trimmed + rest);
  }

  /**
   * A sibling URL: {@code url} with a pasted endpoint's tail ({@code endpointTail}, a regex matched
   * at the end, such as {@code /chat/completions}) removed, then {@code path} joined on.
   */
  public static URI beside(URI url, String endpointTail, String path) {
    return join(URI.create(trimmed(url).replaceAll(endpointTail + "$", "")), path);
  }

  /**
   * True when {@code url}'s path (query and trailing slashes aside) ends with one of {@code tails}.
   */
  public static boolean endsWith(URI url, String... tails) {
    String s = trimmed(url);
    for (String tail : tails) {
      if (s.endsWith(tail)) {
        return true;
      }
    }
    return false;
  }

  /** {@code url} without its query and trailing slashes. */
  public static String trimmed(URI url) {
    String s = url.toString();
    int query = s.indexOf('?');
    return (query < 0 ? s : s.substring(0, query)).replaceAll("/+$", "");
  }
}
