package io.tokenload.workload;

import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import io.tokenload.transport.Redactor;
import io.tokenload.transport.StreamLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server under test.
 *
 * @param baseUri scheme, host and port, such as {@code http://127.0.0.1:8000} (a path prefix is
 *     kept), or a full endpoint URL such as {@code http://127.0.0.1:8000/v1/chat/completions}
 * @param api chat or completions
 * @param flavour how the output length is forced
 * @param model the model name sent in each request
 * @param apiKey the key for the {@code Authorization} header, if the server needs one
 * @param idleTimeout how long a stream may stay silent before the request fails
 * @param limits where a stream that goes on too long is cut
 * @param backend the protocol spoken: the URL's path, authentication, body and stream format
 * @param options what every request adds verbatim: generation parameters, headers, streaming off
 */
public record Endpoint(
    URI baseUri,
    Api api,
    Flavour flavour,
    String model,
    Optional<ApiKey> apiKey,
    Duration idleTimeout,
    StreamLimits limits,
    Backend backend,
    RequestOptions options) {

  /** An OpenAI-compatible endpoint of {@code api} and {@code flavour}, with nothing added. */
  public Endpoint(
      URI baseUri,
      Api api,
      Flavour flavour,
      String model,
      Optional<ApiKey> apiKey,
      Duration idleTimeout,
      StreamLimits limits) {
    this(
        baseUri,
        api,
        flavour,
        model,
        apiKey,
        idleTimeout,
        limits,
        Backends.openAi(api == Api.CHAT, flavour == Flavour.VLLM),
        RequestOptions.DEFAULTS);
  }

  /** An endpoint with the {@link StreamLimits#DEFAULTS default} stream limits. */
  public Endpoint(
      URI baseUri,
      Api api,
      Flavour flavour,
      String model,
      Optional<ApiKey> apiKey,
      Duration idleTimeout) {
    this(baseUri, api, flavour, model, apiKey, idleTimeout, StreamLimits.DEFAULTS);
  }

  public Endpoint {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(flavour, "flavour");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(options, "options");
  }

  /**
   * The headers of every request: the user's extra headers, then the backend's authentication
   * (which they cannot replace).
   */
  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>(options.headers());
    headers.putAll(
        apiKey.map(k -> k.headers(backend.auth())).orElseGet(() -> backend.auth().headers(null)));
    return Map.copyOf(headers);
  }

  /** Blanks the run's secrets (the API key) out of error text. */
  public Redactor redactor() {
    return apiKey.map(ApiKey::redactor).orElse(Redactor.NONE);
  }

  /**
   * The full URI of the API's endpoint: {@link #baseUri} itself when it already names one (a full
   * endpoint URL, as EvalScope and GuideLLM take it), else the API's path under it, keeping a path
   * prefix if any.
   */
  public URI requestUri() {
    return requestUri(options.stream());
  }

  /** {@link #requestUri()} of a streamed or a whole answer (TGI and Gemini have one path each). */
  public URI requestUri(boolean stream) {
    URI uri = backend.requestUri(baseUri, model, stream);
    return apiKey.map(k -> k.uri(backend.auth(), uri)).orElse(uri);
  }

  /**
   * The API a full endpoint URL names by the end of its path ({@code .../chat/completions} or
   * {@code .../completions}); empty for a server's base URL.
   */
  public static Optional<Api> apiNamedBy(URI url) {
    String path = url.getPath() == null ? "" : url.getPath().replaceAll("/+$", "");
    if (path.endsWith(CHAT_PATH)) {
      return Optional.of(Api.CHAT);
    }
    return path.endsWith(COMPLETIONS_PATH) ? Optional.of(Api.COMPLETIONS) : Optional.empty();
  }

  /** {@link #apiNamedBy(URI)} of a URL as typed; empty when it is null or not a URI. */
  public static Optional<Api> apiNamedBy(String url) {
    if (url == null) {
      return Optional.empty();
    }
    try {
      return apiNamedBy(new URI(url.strip()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * Where the server lists its models: {@code /v1/models} beside the endpoint a full URL names, or
   * under a base URL (with or without its {@code /v1}).
   */
  public static URI modelsUri(URI url) {
    String base = trimmed(url);
    Optional<Api> named = apiNamedBy(url);
    if (named.isPresent()) {
      String suffix = named.get() == Api.CHAT ? CHAT_PATH : COMPLETIONS_PATH;
      base = base.substring(0, base.length() - suffix.length());
    }
    return URI.create(base.replaceAll("/v1$", "") + "/v1/models");
  }

  private static final String CHAT_PATH = "/chat/completions";
  private static final String COMPLETIONS_PATH = "/completions";

  private static String trimmed(URI url) {
    String s = url.toString();
    int query = s.indexOf('?');
    return (query < 0 ? s : s.substring(0, query)).replaceAll("/+$", "");
  }
}
