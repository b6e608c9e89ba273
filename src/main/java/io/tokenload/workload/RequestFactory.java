package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Bodies;
import io.tokenload.backend.BodyRequest;
import io.tokenload.stream.RecordingListener;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.transport.StreamRequest;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the requests of one cell: the prompt, the body and the headers, in the wire format of the
 * endpoint's {@link io.tokenload.backend.Backend}, with the run's generation parameters merged in.
 *
 * <p>The output length is forced as far as the backend allows (vLLM's {@code ignore_eos} and {@code
 * min_tokens}, SGLang's {@code min_new_tokens}); elsewhere it can only be capped, and {@link
 * io.tokenload.metrics.LengthTally} tells afterwards whether the outputs were as long as asked.
 */
public final class RequestFactory {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stands for the prompt while the JSON around it is encoded; no model name holds a NUL. */
  private static final String PROMPT_MARKER = "\u0000tokenload prompt\u0000";

  /**
   * One request and what it asks of the server.
   *
   * @param request the request to send
   * @param promptTokensAsked the {@code usage.prompt_tokens} the server should report
   * @param outputTokensAsked the {@code max_tokens} sent
   * @param prompt the prompt's text, for samples
   */
  public record Planned(
      StreamRequest request, int promptTokensAsked, int outputTokensAsked, String prompt) {}

  private final Endpoint endpoint;
  private final CellSpec cell;
  private final PromptSource prompts;
  private final Map<String, String> headers;
  // The same for every request; joining it from the base URL took about 4 µs of the event loop's
  // time per request (async-profiler, tools/capacity-bench.sh).
  private final URI uri;
  private final Map<Integer, byte[][]> templates = new ConcurrentHashMap<>();

  /**
   * Requests with random prompts of exactly {@code cell.inputTokens()} words, the embedded target's
   * tokens; no template overhead is compensated.
   */
  public RequestFactory(Endpoint endpoint, CellSpec cell) {
    this(endpoint, cell, SyntheticPrompts.words(cell.inputTokens(), cell.seed()));
  }

  /** Requests with the prompts of {@code prompts}. */
  public RequestFactory(Endpoint endpoint, CellSpec cell, PromptSource prompts) {
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.cell = Objects.requireNonNull(cell, "cell");
    this.prompts = Objects.requireNonNull(prompts, "prompts");
    this.headers = endpoint.headers();
    this.uri = endpoint.requestUri();
  }

  public CellSpec cell() {
    return cell;
  }

  /**
   * What a request of this factory asks, read in the endpoint's own protocol (its backend's stream
   * format), limits and streaming, with its secrets blanked from errors.
   */
  public RecordingListener.Asked asked(
      String requestId,
      String cellName,
      long runStartNanos,
      long intendedNanos,
      int promptTokens,
      int outputTokens,
      Tokenizer tokenizer) {
    return asked(
        requestId,
        cellName,
        runStartNanos,
        intendedNanos,
        promptTokens,
        outputTokens,
        tokenizer,
        false);
  }

  /**
   * As {@link #asked(String, String, long, long, int, int, Tokenizer)}, keeping the answer's text
   * when {@code keepText} (for samples).
   */
  public RecordingListener.Asked asked(
      String requestId,
      String cellName,
      long runStartNanos,
      long intendedNanos,
      int promptTokens,
      int outputTokens,
      Tokenizer tokenizer,
      boolean keepText) {
    return new RecordingListener.Asked(
        requestId,
        cellName,
        runStartNanos,
        intendedNanos,
        promptTokens,
        outputTokens,
        tokenizer,
        endpoint.limits(),
        endpoint.redactor(),
        endpoint.backend().format(),
        endpoint.options().stream(),
        keepText);
  }

  /** Request {@code index} of the cell, sent with {@code requestId} as its X-Request-Id. */
  public StreamRequest request(long index, String requestId) {
    return plan(index, requestId).request();
  }

  /** Request {@code index} of the cell with the lengths it asks for, to record beside it. */
  public Planned plan(long index, String requestId) {
    Prompt prompt = prompts.prompt(index);
    int outputTokens =
        prompt.outputTokensAsked() == Prompt.CELL_OUTPUT
            ? cell.outputTokens()
            : prompt.outputTokensAsked();
    try {
      byte[] body = encodeBody(prompt.text(), outputTokens);
      StreamRequest request =
          new StreamRequest(
              uri,
              requestId,
              headers,
              body,
              endpoint.idleTimeout(),
              endpoint.limits().maxDuration());
      return new Planned(request, prompt.promptTokensAsked(), outputTokens, prompt.text());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  /**
   * A chat request of a whole conversation ({@code role} and {@code content} per message) instead
   * of one user prompt, for callers that send conversations as they are (evaluation sets); the rest
   * of the body is as {@link #body} makes it.
   */
  public StreamRequest conversation(
      List<Map<String, String>> messages, int outputTokens, String requestId) {
    Map<String, Object> body =
        Bodies.merge(
            endpoint
                .backend()
                .body(
                    new BodyRequest(
                        endpoint.model(),
                        null,
                        messages,
                        outputTokens,
                        endpoint.options().stream())),
            endpoint.options().generation());
    try {
      return new StreamRequest(
          uri, requestId, headers, JSON.writeValueAsBytes(body), endpoint.idleTimeout());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  /**
   * The request body as {@link #body} describes it, in bytes. Only the prompt differs from one
   * request to the next, so the JSON around it is encoded once per output length and the prompt is
   * escaped into place: a closed model sends the next request from the event loop that just read
   * the last one, so this is on the client's hot path.
   */
  byte[] encodeBody(String prompt, int outputTokens) throws JsonProcessingException {
    byte[][] around = templates.get(outputTokens);
    if (around == null) {
      around = template(outputTokens);
      templates.put(outputTokens, around);
    }
    byte[] quoted = JsonStringEncoder.getInstance().quoteAsUTF8(prompt);
    byte[] body = new byte[around[0].length + quoted.length + around[1].length];
    System.arraycopy(around[0], 0, body, 0, around[0].length);
    System.arraycopy(quoted, 0, body, around[0].length, quoted.length);
    System.arraycopy(around[1], 0, body, around[0].length + quoted.length, around[1].length);
    return body;
  }

  /** The body's bytes before and after the prompt's (escaped) characters. */
  private byte[][] template(int outputTokens) throws JsonProcessingException {
    byte[] whole = JSON.writeValueAsBytes(body(PROMPT_MARKER, outputTokens));
    byte[] marker = JsonStringEncoder.getInstance().quoteAsUTF8(PROMPT_MARKER);
    for (int i = 0; i + marker.length <= whole.length; i++) {
      if (Arrays.equals(whole, i, i + marker.length, marker, 0, marker.length)) {
        return new byte[][] {
          Arrays.copyOfRange(whole, 0, i),
          Arrays.copyOfRange(whole, i + marker.length, whole.length)
        };
      }
    }
    throw new IllegalStateException("the prompt's place was not found in the request body");
  }

  Map<String, Object> body(String prompt, int outputTokens) {
    BodyRequest request =
        BodyRequest.prompt(endpoint.model(), prompt, outputTokens, endpoint.options().stream());
    return Bodies.merge(endpoint.backend().body(request), endpoint.options().generation());
  }
}
