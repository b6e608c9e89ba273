package io.tokenload.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Limits on indicator fields, read from a thresholds file such as {@code
 * platforms/thresholds.json}:
 *
 * <pre>
 * {"indicators": {"accuracy_f1": {"f1": {"min": 0.75}}, "latency_p99": {"p99_ms": {"max": 300}}}}
 * </pre>
 *
 * A top-level {@code description} is allowed and ignored. Every error names the file and the
 * field's path.
 *
 * @param file where the limits were read
 * @param limits every limit, in the file's order
 */
public record Thresholds(Path file, List<Limit> limits) {

  /**
   * One bound on one field.
   *
   * @param indicator the contract's {@code indicator}
   * @param field the field checked, as {@code f1} or {@code p99_ms}
   * @param min the least allowed value, or null
   * @param max the most allowed value, or null
   */
  public record Limit(String indicator, String field, Double min, Double max) {

    /** Whether {@code value} is within the bound. */
    public boolean allows(double value) {
      return (min == null || value >= min) && (max == null || value <= max);
    }

    /** {@code >= 0.75} or {@code <= 300}, or both. */
    public String describe() {
      String lo = min == null ? "" : ">= " + plain(min);
      String hi = max == null ? "" : "<= " + plain(max);
      return lo.isEmpty() ? hi : hi.isEmpty() ? lo : lo + " and " + hi;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public Thresholds {
    limits = List.copyOf(limits);
  }

  public static Thresholds read(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().get();
      throw new EvalException("thresholds file " + file + " cannot be read: " + why, e);
    }
    if (root == null || !root.isObject()) {
      throw new EvalException(file + ": is not a JSON object; expected {\"indicators\": {…}}");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!name.equals("indicators") && !name.equals("description")) {
        throw new EvalException(
            file + ": field \"" + name + "\" is not known; allowed: indicators, description");
      }
    }
    JsonNode indicators = root.get("indicators");
    if (indicators == null || !indicators.isObject() || indicators.isEmpty()) {
      throw new EvalException(
          file + ": field \"indicators\" must be an object of at least one indicator's limits");
    }
    List<Limit> limits = new ArrayList<>();
    for (Map.Entry<String, JsonNode> ind : iterable(indicators)) {
      String at = "indicators." + ind.getKey();
      if (!ind.getValue().isObject() || ind.getValue().isEmpty()) {
        throw new EvalException(
            file
                + ": field \""
                + at
                + "\" must be an object of fields, as {\"f1\": {\"min\": 0.75}}");
      }
      for (Map.Entry<String, JsonNode> field : iterable(ind.getValue())) {
        limits.add(limit(file, at + "." + field.getKey(), ind.getKey(), field));
      }
    }
    return new Thresholds(file, limits);
  }

  private static Limit limit(
      Path file, String at, String indicator, Map.Entry<String, JsonNode> f) {
    JsonNode bound = f.getValue();
    if (!bound.isObject()) {
      throw new EvalException(
          file + ": field \"" + at + "\" must be {\"min\": N} or {\"max\": N} or both");
    }
    Double min = null;
    Double max = null;
    for (Map.Entry<String, JsonNode> b : iterable(bound)) {
      if (!b.getValue().isNumber()) {
        throw new EvalException(
            file
                + ": field \""
                + at
                + "."
                + b.getKey()
                + "\" was "
                + b.getValue()
                + "; allowed: a number");
      }
      switch (b.getKey()) {
        case "min" -> min = b.getValue().doubleValue();
        case "max" -> max = b.getValue().doubleValue();
        default ->
            throw new EvalException(
                file + ": field \"" + at + "." + b.getKey() + "\" is not known; allowed: min, max");
      }
    }
    if (min == null && max == null) {
      throw new EvalException(file + ": field \"" + at + "\" has neither min nor max");
    }
    return new Limit(indicator, f.getKey(), min, max);
  }

  /** These limits with {@code throughput_rps.rps} at least {@code rps}. */
  public Thresholds withTargetRps(double rps) {
    List<Limit> changed = new ArrayList<>();
    boolean found = false;
    for (Limit l : limits) {
      if (l.indicator().equals("throughput_rps") && l.field().equals("rps")) {
        changed.add(new Limit(l.indicator(), l.field(), rps, l.max()));
        found = true;
      } else {
        changed.add(l);
      }
    }
    if (!found) {
      changed.add(new Limit("throughput_rps", "rps", rps, null));
    }
    return new Thresholds(file, changed);
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }

  static String plain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
