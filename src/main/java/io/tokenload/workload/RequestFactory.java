package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.transport.StreamRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the streamed requests of one cell: the prompt, the body and the headers. */
public final class RequestFactory {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Endpoint endpoint;
  private final CellSpec cell;
  private final SyntheticPrompts prompts;
  private final Map<String, String> headers;

  public RequestFactory(Endpoint endpoint, CellSpec cell) {
    this.endpoint = endpoint;
    this.cell = cell;
    this.prompts = new SyntheticPrompts(cell.seed());
    this.headers =
        endpoint.apiKey().map(k -> Map.of("Authorization", k.bearer())).orElse(Map.of());
  }

  public CellSpec cell() {
    return cell;
  }

  /** Request {@code index} of the cell, sent with {@code requestId} as its X-Request-Id. */
  public StreamRequest request(long index, String requestId) {
    String prompt = prompts.prompt(index, cell.inputTokens());
    try {
      byte[] body = JSON.writeValueAsBytes(body(prompt));
      return new StreamRequest(
          endpoint.requestUri(), requestId, headers, body, endpoint.idleTimeout());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  Map<String, Object> body(String prompt) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", endpoint.model());
    if (endpoint.api() == Api.CHAT) {
      body.put("messages", List.of(Map.of("role", "user", "content", prompt)));
    } else {
      body.put("prompt", prompt);
    }
    body.put("max_tokens", cell.outputTokens());
    body.put("temperature", 0);
    body.put("stream", true);
    Map<String, Object> streamOptions = new LinkedHashMap<>();
    streamOptions.put("include_usage", true);
    if (endpoint.flavour() == Flavour.VLLM) {
      // Force the exact output length and ask for a running token count on every chunk.
      body.put("ignore_eos", true);
      body.put("min_tokens", cell.outputTokens());
      streamOptions.put("continuous_usage_stats", true);
    }
    body.put("stream_options", streamOptions);
    return body;
  }
}
