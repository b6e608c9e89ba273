package io.tokenload.simulator.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the fields protocols share and builds the OpenAI request they become. Type errors name the
 * field as the protocol's own JSON path; range errors are the engine's, checked after translation.
 */
final class Bodies {

  private Bodies() {}

  static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  static JsonNode object(JsonNode body, String what) {
    if (body == null || !body.isObject()) {
      throw new ProtocolException(null, "The body must be a JSON object: " + what);
    }
    return body;
  }

  static String requiredText(JsonNode node, String path) {
    if (absent(node)) {
      throw new ProtocolException(path, path + " is missing; it must be a string");
    }
    return text(node, path);
  }

  static String text(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw new ProtocolException(path, path + " is " + node + "; it must be a string");
    }
    return node.textValue();
  }

  /** An integer field, returned as it was (range is checked by the engine), or null. */
  static JsonNode integer(JsonNode node, String path) {
    if (absent(node)) {
      return null;
    }
    if (!node.isIntegralNumber()) {
      throw new ProtocolException(path, path + " is " + node + "; it must be an integer");
    }
    return node;
  }

  static boolean flag(JsonNode node, String path, boolean otherwise) {
    if (absent(node)) {
      return otherwise;
    }
    if (!node.isBoolean()) {
      throw new ProtocolException(path, path + " is " + node + "; it must be true or false");
    }
    return node.booleanValue();
  }

  /** A new OpenAI body with {@code model} copied when given. */
  static ObjectNode openAi(String model, boolean stream) {
    ObjectNode body = Frames.object();
    if (model != null) {
      body.put("model", model);
    }
    body.put("stream", stream);
    return body;
  }

  /** Sets {@code max_tokens} when the protocol's field gave one. */
  static void maxTokens(ObjectNode openAi, JsonNode maxTokens) {
    if (maxTokens != null) {
      openAi.set("max_tokens", maxTokens);
    }
  }

  /**
   * Copies the target's own extensions from the body's top level: vLLM's {@code ignore_eos} and
   * {@code min_tokens}, so a load test can force exact output lengths in any protocol, and {@code
   * tokenload}. A protocol without a reasoning channel gets no reasoning.
   */
  static void extensions(ObjectNode openAi, JsonNode body, boolean reasoningChannel) {
    for (String field : new String[] {"ignore_eos", "min_tokens", "tokenload"}) {
      if (!absent(body.get(field)) && !openAi.has(field)) {
        openAi.set(field, body.get(field));
      }
    }
    if (!reasoningChannel) {
      openAi.putObject("tokenload").put("reasoning_tokens", 0);
    }
  }

  /** One message as OpenAI's {@code {"role","content"}}. */
  static void message(ArrayNode messages, String role, String content) {
    messages.addObject().put("role", role).put("content", content);
  }
}
