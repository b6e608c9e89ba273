package io.tokenload.workload;

import java.util.Map;

/**
 * What a run adds to every request, verbatim, whatever the backend.
 *
 * @param generation generation parameters merged into each body ({@code temperature}, {@code
 *     top_p}, {@code chat_template_kwargs}...; {@link io.tokenload.backend.Bodies#merge})
 * @param headers extra request headers; they never replace the backend's authentication headers
 * @param stream false sends every request with streaming off: one whole answer, no time to first
 *     token
 */
public record RequestOptions(
    Map<String, Object> generation, Map<String, String> headers, boolean stream) {

  /** Streamed requests with nothing added: today's default. */
  public static final RequestOptions DEFAULTS = new RequestOptions(Map.of(), Map.of(), true);

  public RequestOptions {
    generation = Map.copyOf(generation);
    headers = Map.copyOf(headers);
  }
}
