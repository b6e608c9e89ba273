package io.tokenload.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: one unit vector per input, drawn from a hash of the input, so the
 * same text always gets the same vector, in OpenAI's response shape with usage.
 *
 * <p>{@code input} is a string, an array of strings, an array of token ids (one input) or an array
 * of token-id arrays. {@code dimensions} (default {@value #DEFAULT_DIMENSIONS}) sets the vector
 * length; {@code encoding_format} is {@code float} (JSON numbers) or {@code base64} (little-endian
 * float32, what OpenAI's Python client asks for). Parsing is pure; errors name the field.
 */
final class Embeddings {

  static final int DEFAULT_DIMENSIONS = 64;
  static final int MAX_DIMENSIONS = 4096;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** A validated request: each input's token count and hash, and the output's form. */
  record Request(List<PromptCounter.Prompt> inputs, int dimensions, boolean base64) {
    int promptTokens() {
      return inputs.stream().mapToInt(PromptCounter.Prompt::tokens).sum();
    }
  }

  private Embeddings() {}

  static Request parse(JsonNode body, TargetSettings settings) {
    CompletionRequest.checkModel(body.get("model"), settings.model());
    List<PromptCounter.Prompt> inputs = inputs(body.get("input"));
    for (int i = 0; i < inputs.size(); i++) {
      int tokens = inputs.get(i).tokens();
      if (tokens > settings.maxContextTokens()) {
        String at = inputs.size() == 1 ? "input" : "input[" + i + "]";
        throw ApiError.invalidValue(
            at,
            "context_length_exceeded",
            at
                + " is "
                + tokens
                + " tokens; this model reads at most "
                + settings.maxContextTokens());
      }
    }
    Long dimensions = JsonFields.optionalInteger(body.get("dimensions"), "dimensions");
    if (dimensions != null && (dimensions < 1 || dimensions > MAX_DIMENSIONS)) {
      throw ApiError.invalidValue(
          "dimensions",
          "invalid_value",
          "dimensions is " + dimensions + "; it must be between 1 and " + MAX_DIMENSIONS);
    }
    String format = JsonFields.optionalString(body.get("encoding_format"), "encoding_format");
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw ApiError.invalidValue(
          "encoding_format",
          "invalid_value",
          "encoding_format is \"" + format + "\"; it must be \"float\" or \"base64\"");
    }
    int dims = dimensions == null ? DEFAULT_DIMENSIONS : (int) (long) dimensions;
    return new Request(inputs, dims, "base64".equals(format));
  }

  /** The response body. */
  static ObjectNode response(Request request, String id, long created, String model) {
    ObjectNode root = JsonFields.MAPPER.createObjectNode();
    root.put("id", id);
    root.put("object", "list");
    root.put("created", created);
    root.put("model", model);
    ArrayNode data = root.putArray("data");
    for (int i = 0; i < request.inputs().size(); i++) {
      float[] vector = vector(request.inputs().get(i).hash(), request.dimensions());
      ObjectNode item = data.addObject();
      item.put("index", i);
      item.put("object", "embedding");
      if (request.base64()) {
        item.put("embedding", base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
    }
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", request.promptTokens());
    usage.put("total_tokens", request.promptTokens());
    return root;
  }

  /** A unit vector (Euclidean norm 1) whose components follow from {@code hash} alone. */
  static float[] vector(long hash, int dimensions) {
    double[] raw = new double[dimensions];
    double sumOfSquares = 0;
    for (int i = 0; i < dimensions; i++) {
      long bits = OutputPlan.mix(hash + GOLDEN * (i + 1L));
      raw[i] = (bits >>> 11) * 0x1.0p-53 * 2 - 1; // uniform in [-1, 1)
      sumOfSquares += raw[i] * raw[i];
    }
    double norm = sumOfSquares > 0 ? Math.sqrt(sumOfSquares) : 1;
    float[] vector = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (raw[i] / norm);
    }
    return vector;
  }

  private static List<PromptCounter.Prompt> inputs(JsonNode input) {
    String expected = "a string, an array of strings, or token ids";
    if (JsonFields.isAbsent(input)) {
      throw JsonFields.missing("input", expected);
    }
    List<PromptCounter.Prompt> inputs = new ArrayList<>();
    if (input.isTextual()) {
      inputs.add(PromptCounter.embeddingInput(input, "input"));
      return inputs;
    }
    if (!input.isArray()) {
      throw JsonFields.wrongType("input", input, expected);
    }
    if (input.isEmpty()) {
      throw ApiError.invalidValue(
          "input", "empty_array", "input is an empty array; it must hold at least one input");
    }
    if (input.get(0).isIntegralNumber()) { // one input given as token ids
      inputs.add(PromptCounter.embeddingInput(input, "input"));
      return inputs;
    }
    for (int i = 0; i < input.size(); i++) {
      inputs.add(PromptCounter.embeddingInput(input.get(i), "input[" + i + "]"));
    }
    return inputs;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
