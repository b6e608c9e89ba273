package io.tokenload.workload;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The server under test.
 *
 * @param baseUri scheme, host and port, such as {@code http://127.0.0.1:8000}
 * @param api chat or completions
 * @param flavour how the output length is forced
 * @param model the model name sent in each request
 * @param apiKey the key for the {@code Authorization} header, if the server needs one
 * @param idleTimeout how long a stream may stay silent before the request fails
 */
public record Endpoint(
    URI baseUri,
    Api api,
    Flavour flavour,
    String model,
    Optional<ApiKey> apiKey,
    Duration idleTimeout) {

  public Endpoint {
    Objects.requireNonNull(baseUri, "baseUri");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(flavour, "flavour");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
  }

  /** The full URI of the API's endpoint under {@link #baseUri}, keeping a path prefix if any. */
  public URI requestUri() {
    String base = baseUri.toString().replaceAll("/+$", "");
    String path = api.path();
    if (base.endsWith("/v1")) {
      path = path.substring("/v1".length());
    }
    return URI.create(base + path);
  }
}
