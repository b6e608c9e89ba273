package io.tokenload.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads request JSON and its optional fields, turning every wrong type into a 400 that names the
 * field's path, what arrived and what was expected. A field that is absent or JSON {@code null}
 * reads as Java {@code null}, as OpenAI-compatible servers treat both as "not given".
 */
final class JsonFields {

  /**
   * Shared and thread-safe once configured; trailing garbage after the object is malformed JSON.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonFields() {}

  /** Parses a request body; 400 {@code invalid_json} for an empty or malformed one. */
  static JsonNode read(InputStream body) {
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      String at =
          where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw ApiError.badRequest(
          null, "invalid_json", "The body is not valid JSON" + at + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiError.badRequest(null, "invalid_json", "The body could not be read: " + e);
    }
    if (root == null || root.isMissingNode()) {
      throw ApiError.badRequest(null, "invalid_json", "The body is empty; expected a JSON object");
    }
    if (!root.isObject()) {
      throw ApiError.badRequest(
          null, "invalid_type", "The body is " + describe(root) + "; expected a JSON object");
    }
    return root;
  }

  static boolean isAbsent(JsonNode value) {
    return value == null || value.isNull();
  }

  static Boolean optionalBoolean(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (!value.isBoolean()) {
      throw wrongType(path, value, "true or false");
    }
    return value.booleanValue();
  }

  static String optionalString(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (!value.isTextual()) {
      throw wrongType(path, value, "a string");
    }
    return value.textValue();
  }

  static String requiredString(JsonNode value, String path) {
    if (isAbsent(value)) {
      throw missing(path, "a string");
    }
    return optionalString(value, path);
  }

  /**
   * An integer field; {@code 100.0} counts as 100, as in pydantic's lax mode that vLLM uses. Values
   * beyond a long saturate, so range checks still reject them with the right sign.
   */
  static Long optionalInteger(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (!value.isNumber() || !value.canConvertToExactIntegral()) {
      throw wrongType(path, value, "an integer");
    }
    if (value.canConvertToLong()) {
      return value.longValue();
    }
    return value.bigIntegerValue().signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
  }

  static Double optionalNumber(JsonNode value, String path) {
    if (isAbsent(value)) {
      return null;
    }
    if (!value.isNumber()) {
      throw wrongType(path, value, "a number");
    }
    return value.doubleValue();
  }

  static ApiError missing(String path, String expected) {
    return ApiError.badRequest(
        path, "missing_required_parameter", path + " is missing; expected " + expected);
  }

  static ApiError wrongType(String path, JsonNode value, String expected) {
    return ApiError.badRequest(
        path, "invalid_type", path + " is " + describe(value) + "; expected " + expected);
  }

  /** A short, quoted description of a JSON value for error messages. */
  static String describe(JsonNode value) {
    if (value == null || value.isMissingNode()) {
      return "missing";
    }
    return switch (value.getNodeType()) {
      case STRING -> "the string " + abbreviate(value.toString());
      case NUMBER -> "the number " + value.asText();
      case BOOLEAN -> "the boolean " + value.asText();
      case NULL -> "null";
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      default -> "a " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
