package io.tokenload.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * EvalScope-style command-line overrides of a run definition, applied to its JSON before validation
 * so a bad value gets the same message as a bad field in the file.
 */
final class Overrides {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Overrides() {}

  static JsonNode apply(JsonNode root, Map<String, String> overrides, Path file) {
    if (overrides.isEmpty() || !root.isObject()) {
      return root;
    }
    ObjectNode out = ((ObjectNode) root).deepCopy();
    String parallel = overrides.get("parallel");
    String number = overrides.get("number");
    if (parallel != null || number != null) {
      if (parallel == null || number == null) {
        throw new IllegalArgumentException(
            "--parallel and --number go together: --parallel 1 2 4 --number 8 16 32 pairs them index by"
                + " index, and a single --number (--parallel 1 2 4 --number 16) applies to every level");
      }
      ObjectNode load = NODES.objectNode();
      load.put("model", "closed");
      ArrayNode levels = integers(parallel, "--parallel");
      load.set("concurrency", levels);
      load.set("requests", paired(levels, integers(number, "--number")));
      out.set("load", load);
    }
    String repeat = overrides.get("repeat");
    if (repeat != null) {
      JsonNode times = number(repeat, "--repeat");
      if (times.asLong() < 1 || times.asLong() > 100) {
        throw new IllegalArgumentException(
            "--repeat " + repeat + " is not allowed: --repeat takes a whole number from 1 to 100");
      }
      out.set("repeat", times);
    }
    String io = overrides.get("input.output");
    if (io != null) {
      ArrayNode pairs = NODES.arrayNode();
      for (String pair : io.split(",")) {
        String[] parts = pair.strip().split(":");
        if (parts.length != 2) {
          throw new IllegalArgumentException(
              "--input-output "
                  + io
                  + ": '"
                  + pair
                  + "' is not INPUT:OUTPUT; allowed: a list such as 128:128,1024:1024");
        }
        ArrayNode p = NODES.arrayNode();
        p.add(number(parts[0], "--input-output"));
        p.add(number(parts[1], "--input-output"));
        pairs.add(p);
      }
      out.set("input_output", pairs);
    }
    return out;
  }

  /**
   * The request counts for {@code levels}: one {@code --number} per {@code --parallel} value, or a
   * single one for every level.
   */
  static ArrayNode paired(ArrayNode levels, ArrayNode numbers) {
    if (numbers.size() == levels.size()) {
      return numbers;
    }
    if (numbers.size() == 1) {
      ArrayNode each = NODES.arrayNode();
      levels.forEach(level -> each.add(numbers.get(0)));
      return each;
    }
    throw new IllegalArgumentException(pairingMessage(levels.size(), numbers.size()));
  }

  /** The mismatch message, worded as {@code run_1k_4k.sh}'s own check words it. */
  static String pairingMessage(int parallel, int number) {
    return "--parallel has "
        + parallel
        + " values but --number has "
        + number
        + ": give one --number per --parallel value (--parallel 1 2 4 --number 8 16 32),"
        + " or a single --number for every level (--parallel 1 2 4 --number 16)";
  }

  private static ArrayNode integers(String csv, String flag) {
    ArrayNode a = NODES.arrayNode();
    for (String v : csv.split("[,\\s]+")) {
      if (!v.isBlank()) {
        a.add(number(v, flag));
      }
    }
    return a;
  }

  private static JsonNode number(String v, String flag) {
    try {
      return NODES.numberNode(Long.parseLong(v.strip()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + ": '" + v + "' is not a whole number");
    }
  }
}
