package io.tokenload.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import io.tokenload.workload.ApiKey;
import io.tokenload.workload.Endpoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Checks the server before any load: it answers, accepts the key, and serves the model. A run
 * against a wrong URL fails in seconds with a message that says which setting to fix, instead of
 * producing a report full of connection errors.
 */
public final class Preflight {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Preflight() {}

  /**
   * Asks {@code baseUrl}'s {@code /v1/models} (beside the endpoint, when {@code baseUrl} is a full
   * endpoint URL: {@link Endpoint#modelsUri}) and returns the model to use: {@code model} when
   * given (and served, where the server lists its models), else the first one listed.
   */
  public static String resolveModel(URI baseUrl, String model, Optional<ApiKey> key) {
    return resolveModel(baseUrl, model, key, Backends.openAi(true, true));
  }

  /**
   * {@link #resolveModel(URI, String, Optional)} in {@code backend}'s protocol: its models (or
   * health) URL and its authentication. Model lists are read in OpenAI's ({@code data[].id}),
   * Ollama's and Gemini's ({@code models[].name}), TGI's ({@code model_id}) and SGLang's ({@code
   * model_path}) shapes; a backend with no such URL is not asked, and then {@code model} must be
   * given.
   */
  public static String resolveModel(
      URI baseUrl, String model, Optional<ApiKey> key, Backend backend) {
    Optional<URI> listed = backend.modelsUri(baseUrl);
    if (listed.isEmpty()) {
      if (model.isEmpty()) {
        throw new IllegalArgumentException(
            "backend " + backend.name() + " cannot list models; set -Dmodel=<name>");
      }
      return model;
    }
    URI models = key.map(k -> k.uri(backend.auth(), listed.get())).orElse(listed.get());
    HttpRequest.Builder request = HttpRequest.newBuilder(models).timeout(TIMEOUT).GET();
    key.map(k -> k.headers(backend.auth()))
        .orElseGet(() -> backend.auth().headers(null))
        .forEach(request::header);
    HttpResponse<String> response;
    HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw unreachable(baseUrl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking " + models, e);
    }
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      String source =
          key.map(k -> "the key in $" + k.variable()).orElse("no key (set -Dapi.key.env)");
      throw new IllegalArgumentException(
          "-Dbase.url=" + baseUrl + " refused " + source + " with HTTP " + status);
    }
    if (status >= 300 && status < 400) {
      throw new IllegalArgumentException(
          "-Dbase.url="
              + baseUrl
              + ": "
              + models
              + " redirects (HTTP "
              + status
              + ") to "
              + response.headers().firstValue("Location").orElse("no Location header")
              + "; tokenload does not follow redirects, give the URL it points to");
    }
    List<String> served = status == 200 ? modelIds(response.body()) : List.of();
    if (!model.isEmpty()) {
      if (!served.isEmpty() && !served.contains(model)) {
        throw new IllegalArgumentException(
            "-Dmodel="
                + model
                + " is not served by "
                + baseUrl
                + "; it serves: "
                + String.join(", ", served));
      }
      return model;
    }
    if (served.isEmpty()) {
      throw new IllegalArgumentException(
          models + " answered HTTP " + status + " without a model list; set -Dmodel=<name>");
    }
    return served.get(0);
  }

  private static IllegalArgumentException unreachable(URI baseUrl, Exception e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof SSLException) {
      return new IllegalArgumentException(
          "-Dbase.url="
              + baseUrl
              + " failed the TLS handshake ("
              + why
              + "): the server's certificate must name its host and chain to a CA the JVM trusts;"
              + " for a private CA pass -Djavax.net.ssl.trustStore=<file>"
              + " -Djavax.net.ssl.trustStorePassword=<password> (README)",
          e);
    }
    return new IllegalArgumentException(
        "-Dbase.url="
            + baseUrl
            + " is unreachable ("
            + why
            + "): base.url must be a running server; leave it empty to use the embedded target",
        e);
  }

  private static List<String> modelIds(String body) {
    List<String> ids = new ArrayList<>();
    try {
      JsonNode root = JSON.readTree(body);
      for (JsonNode m : root.path("data")) {
        if (m.hasNonNull("id")) {
          ids.add(m.get("id").asText());
        }
      }
      for (JsonNode m : root.path("models")) {
        if (m.hasNonNull("name")) {
          ids.add(m.get("name").asText().replaceFirst("^models/", ""));
        }
      }
      for (String single : new String[] {"model_id", "model_path"}) {
        if (root.hasNonNull(single)) {
          ids.add(root.get(single).asText());
        }
      }
    } catch (IOException e) {
      return List.of();
    }
    return ids;
  }
}
