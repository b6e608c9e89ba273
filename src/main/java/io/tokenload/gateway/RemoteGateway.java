package io.tokenload.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.backend.Auth;
import io.tokenload.local.LocalBackend;
import io.tokenload.simulator.Gateway;
import io.tokenload.transport.StreamClient;
import io.tokenload.transport.StreamListener;
import io.tokenload.transport.StreamRequest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Seed 001's unified server: {@code framework} {@code transformers} (or {@code transformer}, or the
 * engine's own name) is answered by this server; {@code ollama}, {@code vllm}, {@code sglang} and
 * {@code tgi} are forwarded to the base URL in {@code ILLM_OLLAMA_BASE_URL}, {@code
 * ILLM_VLLM_BASE_URL}, {@code ILLM_SGLANG_BASE_URL} or {@code ILLM_TGI_BASE_URL} (with {@code
 * ILLM_<NAME>_API_KEY} as a Bearer token when set), through one {@link StreamClient}.
 *
 * <p>vLLM, SGLang and TGI serve OpenAI's API themselves, so their requests go to the same path with
 * the same body ({@code framework} removed) and their answers come back byte for byte. Ollama is
 * spoken natively: chat goes to {@code /api/chat}, completions to {@code /api/generate}, and the
 * NDJSON answer is translated into OpenAI's chunks ({@link OllamaBridge}); embeddings go to its
 * OpenAI-compatible {@code /v1/embeddings}.
 */
public final class RemoteGateway implements Gateway, AutoCloseable {

  /** The frameworks this server answers itself. */
  public static final List<String> LOCAL = List.of("transformers", "transformer", "tokenload-sim");

  /** The remote frameworks, in the order {@code /healthz} lists them. */
  public static final List<String> REMOTE = List.of("ollama", "vllm", "sglang", "tgi");

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);

  private final Map<String, URI> remotes;
  private final Map<String, String> keys;
  private final StreamClient client;

  private RemoteGateway(Map<String, URI> remotes, Map<String, String> keys) {
    this.remotes = Map.copyOf(remotes);
    this.keys = Map.copyOf(keys);
    this.client = StreamClient.create(1);
  }

  /**
   * The remotes named by the environment.
   *
   * @throws IllegalArgumentException naming the variable when a base URL is not an http(s) URL
   */
  public static RemoteGateway fromEnv(UnaryOperator<String> env) {
    Map<String, URI> remotes = new LinkedHashMap<>();
    Map<String, String> keys = new LinkedHashMap<>();
    for (String name : REMOTE) {
      String variable = baseUrlVariable(name);
      String value = env.apply(variable);
      if (value == null || value.isBlank()) {
        continue;
      }
      remotes.put(name, baseUri(variable, value.strip()));
      String key = env.apply("ILLM_" + name.toUpperCase(Locale.ROOT) + "_API_KEY");
      if (key != null && !key.isBlank()) {
        keys.put(name, key.strip());
      }
    }
    return new RemoteGateway(remotes, keys);
  }

  /** The remotes given directly, for tests and embedding: framework to base URL. */
  public static RemoteGateway of(Map<String, URI> remotes) {
    return new RemoteGateway(remotes, Map.of());
  }

  static String baseUrlVariable(String framework) {
    return "ILLM_" + framework.toUpperCase(Locale.ROOT) + "_BASE_URL";
  }

  private static URI baseUri(String variable, String value) {
    try {
      URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(value, "not an http:// or https:// URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          variable + " is '" + value + "'; it must be a base URL such as http://127.0.0.1:8000");
    }
  }

  @Override
  public List<String> providers() {
    return java.util.stream.Stream.concat(LOCAL.stream(), REMOTE.stream()).toList();
  }

  @Override
  public Map<String, String> remotes() {
    Map<String, String> named = new LinkedHashMap<>();
    remotes.forEach((name, uri) -> named.put(name, uri.toString()));
    return named;
  }

  @Override
  public boolean isLocal(String framework) {
    return LOCAL.contains(framework);
  }

  @Override
  public LocalBackend.Cancellable forward(
      String framework,
      String path,
      JsonNode body,
      boolean stream,
      String requestId,
      StreamListener listener) {
    if (!REMOTE.contains(framework)) {
      throw new Refusal(
          400,
          Refusal.CAPABILITY_NOT_SUPPORTED,
          "framework '" + framework + "' is not one of " + providers());
    }
    URI base = remotes.get(framework);
    if (base == null) {
      throw new Refusal(
          400,
          Refusal.REMOTE_ENDPOINT_ERROR,
          "Remote base_url is not configured: set "
              + baseUrlVariable(framework)
              + " to the "
              + framework
              + " server's base URL");
    }
    ObjectNode forwarded = ((ObjectNode) body.deepCopy()).without("framework");
    boolean ollama = framework.equals("ollama") && !path.equals("/v1/embeddings");
    if (path.equals("/v1/embeddings") && !forwarded.path("embedding_model").isMissingNode()) {
      forwarded.set("model", forwarded.remove("embedding_model"));
    }
    String target = ollama ? OllamaBridge.path(path) : path;
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(ollama ? OllamaBridge.request(path, forwarded) : forwarded);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.putAll(Auth.BEARER.headers(keys.get(framework)));
    URI uri = URI.create(base + target);
    RelayListener relay =
        new RelayListener(
            listener,
            framework + " at " + base,
            ollama
                ? new OllamaBridge(
                    path,
                    stream,
                    forwarded.path("stream_options").path("include_usage").asBoolean(false),
                    requestId)
                : null);
    client.send(new StreamRequest(uri, requestId, headers, bytes, IDLE_TIMEOUT), null, relay);
    return relay::cancel;
  }

  @Override
  public void close() {
    client.close();
  }
}
