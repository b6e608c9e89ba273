package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which protocol a generation request speaks, by its path: the target's native endpoints beside
 * OpenAI's. SGLang and TGI share {@code POST /generate}; the body tells them apart (TGI's has
 * {@code inputs}, SGLang's {@code text} or {@code input_ids}).
 */
public final class Protocols {

  public static final OllamaProtocol OLLAMA = new OllamaProtocol();
  public static final TgiProtocol TGI = new TgiProtocol();
  public static final SglangProtocol SGLANG = new SglangProtocol();
  public static final TritonProtocol TRITON = new TritonProtocol();
  public static final AnthropicProtocol ANTHROPIC = new AnthropicProtocol();
  public static final GeminiProtocol GEMINI = new GeminiProtocol();
  public static final ResponsesProtocol RESPONSES = new ResponsesProtocol();

  /** The native generation endpoints, for the list a 404 gives. */
  public static final String ENDPOINTS =
      "POST /v1/responses, POST /v1/messages, POST /api/chat, POST /api/generate, GET /api/tags,"
          + " GET /api/version, POST /generate, POST /generate_stream, GET /info,"
          + " GET /get_model_info, GET /v2/health/ready, GET /v1beta/models,"
          + " POST /v2/models/{model}/generate, POST /v2/models/{model}/generate_stream,"
          + " POST /v1beta/models/{model}:generateContent,"
          + " POST /v1beta/models/{model}:streamGenerateContent?alt=sse";

  private Protocols() {}

  /** Whether {@code path} is a native generation endpoint. */
  public static boolean isGeneration(String path) {
    return switch (path) {
      case "/api/chat",
          "/api/generate",
          "/generate",
          "/generate_stream",
          "/v1/messages",
          "/v1/responses" ->
          true;
      default -> TritonProtocol.modelOf(path) != null || GeminiProtocol.matches(path);
    };
  }

  /** The protocol of a generation request on a path {@link #isGeneration} accepts. */
  public static Protocol of(String path, JsonNode body) {
    return switch (path) {
      case "/api/chat", "/api/generate" -> OLLAMA;
      case "/generate_stream" -> TGI;
      case "/generate" -> body != null && body.has("inputs") ? TGI : SGLANG;
      case "/v1/messages" -> ANTHROPIC;
      case "/v1/responses" -> RESPONSES;
      default -> GeminiProtocol.matches(path) ? GEMINI : TRITON;
    };
  }
}
