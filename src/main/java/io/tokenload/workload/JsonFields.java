package io.tokenload.workload;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of one JSON object of a definition file. Every error names the file, the field's path
 * and what is allowed: {@code simulations/x.json: load.concurrency[2] was -1; allowed: a whole
 * number from 1 to 100000}.
 */
final class JsonFields {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path file;
  private final String path;
  private final JsonNode node;

  JsonFields(Path file, String path, JsonNode node) {
    this.file = file;
    this.path = path;
    this.node = node;
    if (node == null || !node.isObject()) {
      throw error(path.isEmpty() ? "the file" : path, "is not a JSON object", "{ … }");
    }
  }

  /** Refuses fields outside {@code allowed}: a misspelt field must not be silently ignored. */
  JsonFields only(Set<String> allowed) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw error(
            where(name),
            "is not a known field",
            String.join(", ", allowed.stream().sorted().toList()));
      }
    }
    return this;
  }

  boolean has(String name) {
    return node.hasNonNull(name);
  }

  String where(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  String string(String name, String fallback) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isTextual()) {
      throw error(where(name), "was " + v, "a string");
    }
    return v.asText();
  }

  int integer(String name, int fallback, int min, int max) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? fallback : integer(v, where(name), min, max);
  }

  double number(String name, double fallback, double min, double max) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? fallback : number(v, where(name), min, max);
  }

  boolean bool(String name, boolean fallback) {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      return fallback;
    }
    if (!v.isBoolean()) {
      throw error(where(name), "was " + v, "true or false");
    }
    return v.asBoolean();
  }

  Double optionalNumber(String name, double min, double max) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : number(v, where(name), min, max);
  }

  JsonFields object(String name) {
    return new JsonFields(file, where(name), node.get(name));
  }

  /** An object of any JSON values, as maps, lists and scalars (generation parameters). */
  Map<String, Object> anyObject(String name) {
    JsonNode v = node.get(name);
    if (!v.isObject()) {
      throw error(where(name), "was " + v, "a JSON object");
    }
    return MAPPER.convertValue(v, new TypeReference<Map<String, Object>>() {});
  }

  /** An object whose values are all strings (headers). */
  Map<String, String> stringMap(String name) {
    JsonNode v = node.get(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (v.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isTextual()) {
          throw error(where(name) + "." + e.getKey(), "was " + unquoted(e.getValue()), "a string");
        }
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    }
    throw error(where(name), "was " + unquoted(v), "a JSON object of strings");
  }

  /**
   * A value as an error may show it from a map of strings such as headers, which may hold a key:
   * numbers, booleans and null as they are, text and containers by their kind only.
   */
  private static String unquoted(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isContainerNode()) {
      return v.isObject() ? "an object" : "an array";
    }
    return v.toString();
  }

  boolean bool(String name) {
    JsonNode v = node.get(name);
    if (!v.isBoolean()) {
      throw error(where(name), "was " + v, "true or false");
    }
    return v.asBoolean();
  }

  List<JsonNode> array(String name) {
    JsonNode v = node.get(name);
    if (v == null || !v.isArray() || v.isEmpty()) {
      throw error(where(name), v == null ? "is missing" : "was " + v, "a non-empty array");
    }
    List<JsonNode> items = new ArrayList<>();
    v.forEach(items::add);
    return items;
  }

  List<Integer> integers(String name, int min, int max) {
    List<Integer> out = new ArrayList<>();
    List<JsonNode> items = array(name);
    for (int i = 0; i < items.size(); i++) {
      out.add(integer(items.get(i), where(name) + "[" + i + "]", min, max));
    }
    return out;
  }

  List<Double> numbers(String name, double min, double max) {
    List<Double> out = new ArrayList<>();
    List<JsonNode> items = array(name);
    for (int i = 0; i < items.size(); i++) {
      out.add(number(items.get(i), where(name) + "[" + i + "]", min, max));
    }
    return out;
  }

  int integer(JsonNode v, String where, int min, int max) {
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw error(where, "was " + v, "a whole number from " + min + " to " + max);
    }
    return v.asInt();
  }

  double number(JsonNode v, String where, double min, double max) {
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      throw error(where, "was " + v, "a number from " + min + " to " + max);
    }
    return v.asDouble();
  }

  IllegalArgumentException error(String where, String what, String allowed) {
    return new IllegalArgumentException(file + ": " + where + " " + what + "; allowed: " + allowed);
  }

  IllegalArgumentException error(String message) {
    return new IllegalArgumentException(file + ": " + message);
  }
}
