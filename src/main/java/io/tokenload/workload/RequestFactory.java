package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.transport.StreamRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the streamed requests of one cell: the prompt, the body and the headers.
 *
 * <p>The output length is forced as far as the API flavour allows: {@code max_tokens} always, and
 * for {@link Flavour#VLLM} also {@code min_tokens} of the same value and {@code ignore_eos}, so the
 * model cannot stop early. The {@code openai} flavour can only cap the length; {@link
 * io.tokenload.metrics.LengthTally} tells afterwards whether the outputs were as long as asked.
 */
public final class RequestFactory {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One request and what it asks of the server.
   *
   * @param request the request to send
   * @param promptTokensAsked the {@code usage.prompt_tokens} the server should report
   * @param outputTokensAsked the {@code max_tokens} sent
   */
  public record Planned(StreamRequest request, int promptTokensAsked, int outputTokensAsked) {}

  private final Endpoint endpoint;
  private final CellSpec cell;
  private final PromptSource prompts;
  private final Map<String, String> headers;

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
    this.headers = endpoint.apiKey().map(k -> Map.of("Authorization", k.bearer())).orElse(Map.of());
  }

  public CellSpec cell() {
    return cell;
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
      byte[] body = JSON.writeValueAsBytes(body(prompt.text(), outputTokens));
      StreamRequest request =
          new StreamRequest(
              endpoint.requestUri(), requestId, headers, body, endpoint.idleTimeout());
      return new Planned(request, prompt.promptTokensAsked(), outputTokens);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  Map<String, Object> body(String prompt, int outputTokens) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", endpoint.model());
    if (endpoint.api() == Api.CHAT) {
      body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
    } else {
      body.put("prompt", prompt);
    }
    body.put("max_tokens", outputTokens);
    body.put("temperature", 0);
    body.put("stream", true);
    Map<String, Object> streamOptions = new LinkedHashMap<>();
    streamOptions.put("include_usage", true);
    if (endpoint.flavour() == Flavour.VLLM) {
      // Force the exact output length and ask for a running token count on every chunk.
      body.put("ignore_eos", true);
      body.put("min_tokens", outputTokens);
      streamOptions.put("continuous_usage_stats", true);
    }
    body.put("stream_options", streamOptions);
    return body;
  }
}
