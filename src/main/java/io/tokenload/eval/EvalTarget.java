package io.tokenload.eval;

import io.tokenload.workload.Api;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The server an evaluation asks, as the load runs describe one ({@link Endpoint}). Evaluations send
 * the {@code openai} flavour: only {@code max_tokens}, so the model ends its answer where it wants,
 * as scoring needs.
 */
public final class EvalTarget {

  private EvalTarget() {}

  /** The endpoint {@code options} name; the API key is read from the environment now. */
  public static Endpoint endpoint(EvalOptions options, Map<String, String> env) {
    Optional<ApiKey> key;
    try {
      key = ApiKey.fromEnvironment(options.apiKeyEnv(), env);
    } catch (IllegalArgumentException e) {
      throw new EvalException(
          "--api-key-env names "
              + options.apiKeyEnv()
              + ", which is not set; export it or leave --api-key-env out for servers without keys");
    }
    return new Endpoint(
        base(options.baseUrl(), options.api()),
        options.api(),
        Flavour.OPENAI,
        options.model(),
        key,
        options.timeout());
  }

  /**
   * The base URL under a full endpoint URL: {@code …/v1/chat/completions} or {@code
   * …/chat/completions} lose the API's path, so {@link Endpoint#requestUri} puts it back once.
   */
  static URI base(URI url, Api api) {
    String s = url.toString().replaceAll("/+$", "");
    String path = api.path(); // /v1/chat/completions
    String tail = path.substring("/v1".length()); // /chat/completions
    if (s.endsWith(path)) {
      s = s.substring(0, s.length() - path.length());
    } else if (s.endsWith(tail)) {
      s = s.substring(0, s.length() - tail.length());
    }
    return URI.create(s);
  }
}
