package io.tokenload.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.Redactor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Measures the tokens a server adds to a prompt's own: the chat template's role markers and
 * separators, a BOS. It sends a prompt of exactly K tokens in the given tokenizer, non-streamed
 * with {@code max_tokens} 1, reads {@code usage.prompt_tokens} and returns {@code prompt_tokens −
 * K}. A workload then sends {@code N − overhead} tokens of content so the server sees exactly N.
 *
 * <p>It probes twice, with {@value #SHORT_PROBE} and {@value #LONG_PROBE} tokens. A server whose
 * tokenizer is the one given adds the same overhead to both; different overheads mean the
 * tokenizers differ, and no compensation could make lengths exact, so that is an error ({@link
 * TokenizerMismatchException}) rather than a number.
 */
public final class TemplateProbe {

  /** The server counts prompts in another tokenizer than the one given, so no overhead is exact. */
  public static final class TokenizerMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    TokenizerMismatchException(String message) {
      super(message);
    }
  }

  /**
   * The server's answer cannot be measured: no integer {@code usage.prompt_tokens}, or not JSON.
   * Many servers leave {@code usage} out of non-streamed answers; a run then goes on without
   * compensation.
   */
  public static final class NoUsageException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    NoUsageException(String message) {
      super(message);
    }
  }

  static final int SHORT_PROBE = 16;
  static final int LONG_PROBE = 128;
  private static final long PROBE_SEED = 0x7E4A_11A7L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI requestUri;
  private final Api api;
  private final String model;
  private final Map<String, String> headers;
  private final Duration timeout;
  private final Redactor redactor;
  private final HttpClient client;

  /**
   * @param requestUri the API's endpoint, such as {@code http://127.0.0.1:8000/v1/chat/completions}
   * @param api whether to send {@code messages} (chat) or a {@code prompt} (completions)
   * @param model the model name to send
   * @param authorization the {@code Authorization} header's value, if the server needs one
   * @param timeout for each request
   */
  public TemplateProbe(
      URI requestUri, Api api, String model, Optional<String> authorization, Duration timeout) {
    this(
        requestUri,
        api,
        model,
        authorization.map(v -> Map.of("Authorization", v)).orElse(Map.of()),
        timeout,
        Redactor.NONE);
  }

  /**
   * {@link #TemplateProbe(URI, Api, String, Optional, Duration)} with the request's {@code headers}
   * (the backend's authentication), blanking {@code redactor}'s secrets.
   */
  TemplateProbe(
      URI requestUri,
      Api api,
      String model,
      Map<String, String> headers,
      Duration timeout,
      Redactor redactor) {
    this.requestUri = Objects.requireNonNull(requestUri, "requestUri");
    this.api = Objects.requireNonNull(api, "api");
    this.model = Objects.requireNonNull(model, "model");
    this.headers = Map.copyOf(headers);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.redactor = Objects.requireNonNull(redactor, "redactor");
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /** A probe of the endpoint's API, model and key, waiting at most its idle timeout. */
  public static TemplateProbe of(Endpoint endpoint) {
    return new TemplateProbe(
        endpoint.requestUri(),
        endpoint.api(),
        endpoint.model(),
        endpoint.headers(),
        endpoint.idleTimeout(),
        endpoint.redactor());
  }

  /**
   * The tokens the server adds to a one-message prompt, counted in {@code tokenizer}.
   *
   * @throws TokenizerMismatchException when the server adds a different number of tokens to prompts
   *     of different lengths: its tokenizer is not {@code tokenizer}
   * @throws NoUsageException when the server reports no {@code usage.prompt_tokens}
   * @throws IOException when the server cannot be reached or answers with an error
   */
  public int overheadTokens(Tokenizer tokenizer) throws IOException, InterruptedException {
    int shortOverhead = overheadOf(tokenizer, SHORT_PROBE);
    int longOverhead = overheadOf(tokenizer, LONG_PROBE);
    if (shortOverhead != longOverhead || shortOverhead < 0) {
      throw new TokenizerMismatchException(
          requestUri
              + " counted "
              + (SHORT_PROBE + shortOverhead)
              + " prompt tokens for a "
              + SHORT_PROBE
              + "-token prompt and "
              + (LONG_PROBE + longOverhead)
              + " for a "
              + LONG_PROBE
              + "-token one, lengths in tokenizer "
              + tokenizer.name()
              + "; a server with that tokenizer adds the same overhead to both, so it is not"
              + " the server's tokenizer (or its template merges with the prompt's edges):"
              + " give the server model's tokenizer.json");
    }
    return shortOverhead;
  }

  private int overheadOf(Tokenizer tokenizer, int tokens) throws IOException, InterruptedException {
    SyntheticPrompts prompts =
        new SyntheticPrompts(tokenizer, PromptLengths.exactly(tokens), PROBE_SEED + tokens);
    return promptTokens(prompts.prompt(0).text()) - tokens;
  }

  /**
   * The server's {@code usage.prompt_tokens} for a one-message request of {@code text}.
   *
   * @throws NoUsageException when the response carries no {@code usage.prompt_tokens}
   * @throws IOException when the server cannot be reached or answers with an error
   */
  public int promptTokens(String text) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(requestUri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(text))));
    headers.forEach(request::header);
    HttpResponse<String> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "template probe: POST "
              + requestUri
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + excerpt(response.body()));
    }
    JsonNode tokens;
    try {
      tokens = JSON.readTree(response.body()).path("usage").path("prompt_tokens");
    } catch (IOException e) {
      throw new NoUsageException(
          "template probe: POST "
              + requestUri
              + " answered with a body that is not JSON: "
              + excerpt(response.body()));
    }
    if (!tokens.isInt()) {
      throw new NoUsageException(
          "template probe: POST "
              + requestUri
              + " answered without an integer usage.prompt_tokens, so its prompt lengths cannot be"
              + " measured: "
              + excerpt(response.body()));
    }
    return tokens.intValue();
  }

  private Map<String, Object> body(String text) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    if (api == Api.CHAT) {
      body.put("messages", List.of(Map.of("role", "user", "content", text)));
    } else {
      body.put("prompt", text);
    }
    body.put("max_tokens", 1);
    body.put("temperature", 0);
    body.put("stream", false);
    return body;
  }

  /** The body's start on one line, the run's secrets blanked. */
  private String excerpt(String body) {
    String text = redactor.redact(body).replace('\r', ' ').replace('\n', ' ');
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
