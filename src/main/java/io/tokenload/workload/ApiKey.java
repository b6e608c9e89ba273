package io.tokenload.workload;

import io.tokenload.backend.Auth;
import io.tokenload.transport.Redactor;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * An API key read from an environment variable. It is never printed: {@link #toString()} names the
 * variable only, so a key cannot leak through logs, reports or generated configs.
 */
public final class ApiKey {

  private final String variable;
  private final String value;

  private ApiKey(String variable, String value) {
    this.variable = variable;
    this.value = value;
  }

  /**
   * Reads the key from the variable {@code variable}; empty when no variable is named.
   *
   * @throws IllegalArgumentException when the variable is named but not set
   */
  public static Optional<ApiKey> fromEnvironment(String variable, Map<String, String> env) {
    if (variable == null || variable.isBlank()) {
      return Optional.empty();
    }
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          "api.key.env names the environment variable "
              + variable
              + ", which is not set; export it or leave api.key.env empty for servers without keys");
    }
    return Optional.of(new ApiKey(variable, value.strip()));
  }

  /** The headers that carry this key as {@code auth} says ({@code x-api-key}, Bearer...). */
  public Map<String, String> headers(Auth auth) {
    return auth.headers(value);
  }

  /** {@code uri} with this key in its query, when {@code auth} puts it there. */
  public URI uri(Auth auth, URI uri) {
    return auth.uri(uri, value);
  }

  /** Blanks this key out of error text (a server may echo it). */
  public Redactor redactor() {
    return Redactor.of(value);
  }

  public String variable() {
    return variable;
  }

  @Override
  public String toString() {
    return "ApiKey[$" + variable + "]";
  }
}
