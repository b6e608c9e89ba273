package io.tokenload.workload;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Bodies;
import io.tokenload.backend.BodyRequest;
import io.tokenload.stream.Chunk;
import io.tokenload.tokenizer.Tokenizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Measures the tokens a server adds to a prompt's own: the chat template's role markers and
 * separators, a BOS. It sends a prompt of exactly K tokens in the given tokenizer, non-streamed
 * with an output length of 1, in the endpoint's own protocol (its {@link Backend} writes the
 * request and reads the answer's prompt token count: OpenAI's {@code usage.prompt_tokens},
 * Anthropic's {@code usage.input_tokens}, Ollama's {@code prompt_eval_count}...) and returns {@code
 * prompt_tokens − K}. A workload then sends {@code N − overhead} tokens of content so the server
 * sees exactly N.
 *
 * <p>It probes twice, with {@value #SHORT_PROBE} and {@value #LONG_PROBE} tokens. A server whose
 * tokenizer is the one given adds the same overhead to both; different overheads mean the
 * tokenizers differ, and no compensation could make lengths exact, so that is an error ({@link
 * TokenizerMismatchException}) rather than a number.
 */
public final class TemplateProbe {

  private static final int REFUSALS = 3;
  private static final long MAX_WAIT_S = 10;

  /** The server counts prompts in another tokenizer than the one given, so no overhead is exact. */
  public static final class TokenizerMismatchException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    TokenizerMismatchException(String message) {
      super(message);
    }
  }

  /**
   * The server's answer cannot be measured: no prompt token count, or not its protocol's JSON. Many
   * servers leave {@code usage} out of non-streamed answers; a run then goes on without
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

  private final Endpoint endpoint;
  private final URI requestUri;
  private final HttpClient client;

  private TemplateProbe(Endpoint endpoint) {
    this.endpoint = endpoint;
    // Unstreamed, whatever the run does: one whole answer carries the prompt's count.
    this.requestUri = endpoint.requestUri(false);
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(endpoint.idleTimeout())
            .build();
  }

  /**
   * A probe of the endpoint in its own protocol (its backend's URL, authentication, body and
   * answer), waiting at most its idle timeout.
   */
  public static TemplateProbe of(Endpoint endpoint) {
    return new TemplateProbe(endpoint);
  }

  /**
   * The tokens the server adds to a one-message prompt, counted in {@code tokenizer}.
   *
   * @throws TokenizerMismatchException when the server adds a different number of tokens to prompts
   *     of different lengths: its tokenizer is not {@code tokenizer}
   * @throws NoUsageException when the server reports no prompt token count
   * @throws IOException when the server cannot be reached or answers with an error
   */
  public int overheadTokens(Tokenizer tokenizer) throws IOException, InterruptedException {
    int shortOverhead = overheadOf(tokenizer, SHORT_PROBE);
    int longOverhead = overheadOf(tokenizer, LONG_PROBE);
    if (shortOverhead != longOverhead || shortOverhead < 0) {
      throw new TokenizerMismatchException(
          where()
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
   * The prompt tokens the server reports for a one-message request of {@code text}.
   *
   * @throws NoUsageException when the answer carries no prompt token count
   * @throws IOException when the server cannot be reached or answers with an error
   */
  public int promptTokens(String text) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(requestUri)
            .timeout(endpoint.idleTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body(text))));
    endpoint.headers().forEach(request::header);
    HttpResponse<byte[]> response = sendPastRefusals(request.build());
    String where = where();
    byte[] bytes = response.body();
    if (response.statusCode() != 200) {
      throw new IOException(
          where + " answered HTTP " + response.statusCode() + ": " + excerpt(bytes));
    }
    Chunk answer = endpoint.backend().format().readWhole(bytes, 0, bytes.length);
    if (answer.kind() == Chunk.Kind.MALFORMED || answer.kind() == Chunk.Kind.ERROR) {
      throw new NoUsageException(where + " answered with what cannot be read: " + excerpt(bytes));
    }
    if (answer.promptTokens() < 0) {
      throw new NoUsageException(
          where
              + " answered without a prompt token count, so its prompt lengths cannot be"
              + " measured: "
              + excerpt(bytes));
    }
    return answer.promptTokens();
  }

  /**
   * Sends {@code request}, again after a 429 or 503 (up to {@value #REFUSALS} times, waiting as
   * {@code Retry-After} says, at most {@value #MAX_WAIT_S} s, else 1 s): a server shedding load at
   * the start would otherwise leave the whole run without its template compensation.
   */
  private HttpResponse<byte[]> sendPastRefusals(HttpRequest request)
      throws IOException, InterruptedException {
    for (int refused = 0; ; refused++) {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      int status = response.statusCode();
      if ((status != 429 && status != 503) || refused == REFUSALS) {
        return response;
      }
      long waitS =
          response
              .headers()
              .firstValue("Retry-After")
              .filter(v -> v.strip().matches("\\d{1,6}"))
              .map(v -> Long.parseLong(v.strip()))
              .orElse(1L);
      Thread.sleep(1000 * Math.min(MAX_WAIT_S, waitS));
    }
  }

  /** The backend's own unstreamed body, one output token, the run's generation parameters. */
  private Map<String, Object> body(String text) {
    BodyRequest request = BodyRequest.prompt(endpoint.model(), text, 1, false);
    return Bodies.merge(endpoint.backend().body(request), endpoint.options().generation());
  }

  /** The probe's request in messages, the run's secrets blanked. */
  private String where() {
    return "template probe: POST " + endpoint.redactor().redact(requestUri.toString());
  }

  /** The body's start on one line, the run's secrets blanked. */
  private String excerpt(byte[] body) {
    String text =
        endpoint
            .redactor()
            .redact(new String(body, StandardCharsets.UTF_8))
            .replace('\r', ' ')
            .replace('\n', ' ');
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
