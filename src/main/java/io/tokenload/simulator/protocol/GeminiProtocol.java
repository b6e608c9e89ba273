package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;

/**
 * Google's Gemini API: {@code POST /v1beta/models/{model}:streamGenerateContent?alt=sse} and {@code
 * POST /v1beta/models/{model}:generateContent}. Body {@code {"contents":[{"role","parts":[{"text"}
 * ]}],"systemInstruction":{…},"generationConfig":{"maxOutputTokens":N}}}. Each streamed event is a
 * {@code GenerateContentResponse} ({@code candidates[0].content.parts[0].text}, the running {@code
 * usageMetadata}, {@code modelVersion}, {@code responseId}), ended with {@code \r\n\r\n} as
 * Google's servers end them; the last carries {@code finishReason} {@code STOP} or {@code
 * MAX_TOKENS}. Reasoning is a part with {@code "thought":true}. Errors are {@code
 * {"error":{"code","message","status"}}}.
 *
 * @see <a href="https://ai.google.dev/api/generate-content">Generating content</a>
 */
public final class GeminiProtocol implements Protocol {

  static final String PREFIX = "/v1beta/models/";

  @Override
  public String name() {
    return "gemini";
  }

  /** Whether {@code path} is one of Gemini's generate paths. */
  public static boolean matches(String path) {
    return path.startsWith(PREFIX)
        && (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent"));
  }

  @Override
  public Translation translate(String path, String query, JsonNode body) {
    Bodies.object(body, "a GenerateContentRequest such as {\"contents\":[…]}");
    boolean stream = path.endsWith(":streamGenerateContent");
    if (stream && !query.contains("alt=sse")) {
      throw new ProtocolException(
          "alt",
          "streamGenerateContent is served as server-sent events only: add ?alt=sse to the URL");
    }
    String model = path.substring(PREFIX.length(), path.lastIndexOf(':'));
    ObjectNode openAi = Bodies.openAi(model, stream);
    ArrayNode messages = openAi.putArray("messages");
    JsonNode system = body.get("systemInstruction");
    if (!Bodies.absent(system)) {
      Bodies.message(messages, "system", parts(system, "systemInstruction"));
    }
    JsonNode contents = body.get("contents");
    if (Bodies.absent(contents) || !contents.isArray() || contents.isEmpty()) {
      throw new ProtocolException("contents", "contents must be a non-empty array of Content");
    }
    for (int i = 0; i < contents.size(); i++) {
      JsonNode content = contents.get(i);
      String role = Bodies.text(content.get("role"), "contents[" + i + "].role");
      Bodies.message(
          messages,
          "model".equals(role) ? "assistant" : "user",
          parts(content, "contents[" + i + "]"));
    }
    JsonNode config = body.get("generationConfig");
    if (!Bodies.absent(config)) {
      Bodies.maxTokens(
          openAi,
          Bodies.integer(config.get("maxOutputTokens"), "generationConfig.maxOutputTokens"));
    }
    Bodies.extensions(openAi, body, true);
    return new Translation(true, openAi);
  }

  private static String parts(JsonNode content, String path) {
    JsonNode parts = content.get("parts");
    if (Bodies.absent(parts) || !parts.isArray()) {
      throw new ProtocolException(path + ".parts", path + ".parts must be an array of parts");
    }
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < parts.size(); j++) {
      String part = Bodies.text(parts.get(j).get("text"), path + ".parts[" + j + "].text");
      if (part != null) {
        text.append(j == 0 ? "" : "\n").append(part);
      }
    }
    return text.toString();
  }

  @Override
  public Encoder encoder(Reply reply, boolean chat) {
    return new Answer(reply);
  }

  @Override
  public String streamContentType() {
    return "text/event-stream";
  }

  /** {@code GET /v1beta/models}: Gemini's {@code ListModelsResponse} of the served model. */
  public static JsonNode models(String model, int maxContextTokens) {
    ObjectNode root = Frames.object();
    ObjectNode entry = root.putArray("models").addObject();
    entry.put("name", "models/" + model);
    entry.put("version", "001");
    entry.put("displayName", model);
    entry.put("inputTokenLimit", maxContextTokens);
    entry.put("outputTokenLimit", maxContextTokens);
    entry.putArray("supportedGenerationMethods").add("generateContent").add("countTokens");
    return root;
  }

  @Override
  public JsonNode errorBody(int status, String type, String message) {
    ObjectNode root = Frames.object();
    root.putObject("error")
        .put("code", status)
        .put("message", message)
        .put("status", status(status));
    return root;
  }

  private static String status(int status) {
    return switch (status) {
      case 400, 413 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  static String finishReason(String openAi) {
    return openAi.equals("length") ? "MAX_TOKENS" : "STOP";
  }

  private record Answer(Reply reply) implements Encoder {

    @Override
    public void start(ByteBuf out) {}

    @Override
    public void text(ByteBuf out, String text, boolean reasoning, int completionTokens) {
      Frames.sseCrLf(out, response(text, reasoning, null, completionTokens));
    }

    @Override
    public void end(ByteBuf out, String finishReason, int completionTokens) {
      Frames.sseCrLf(out, response("", false, finishReason, completionTokens));
    }

    @Override
    public void whole(
        ByteBuf out, String reasoning, String text, String finishReason, int completionTokens) {
      ObjectNode body = response(text, false, finishReason, completionTokens);
      if (!reasoning.isEmpty()) {
        ArrayNode parts = (ArrayNode) body.path("candidates").path(0).path("content").path("parts");
        parts.insertObject(0).put("text", reasoning).put("thought", true);
      }
      Frames.json(out, body);
    }

    private ObjectNode response(
        String text, boolean thought, String finishReason, int completionTokens) {
      ObjectNode root = Frames.object();
      ObjectNode candidate = root.putArray("candidates").addObject();
      ObjectNode content = candidate.putObject("content");
      ObjectNode part = content.putArray("parts").addObject().put("text", text);
      if (thought) {
        part.put("thought", true);
      }
      content.put("role", "model");
      if (finishReason != null) {
        candidate.put("finishReason", finishReason(finishReason));
      }
      candidate.put("index", 0);
      root.putObject("usageMetadata")
          .put("promptTokenCount", reply.promptTokens())
          .put("candidatesTokenCount", completionTokens)
          .put("totalTokenCount", reply.promptTokens() + completionTokens);
      root.put("modelVersion", reply.model());
      root.put("responseId", reply.id());
      return root;
    }
  }
}
