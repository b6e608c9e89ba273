package io.tokenload.gatling;

import java.util.Map;
import java.util.Properties;

/**
 * Typed reads of {@code -Dname=value} settings. Every error names the property, the value given and
 * what is allowed, because that is all a user at a command line can act on.
 */
public final class Props {

  private final Map<String, String> values;

  public Props(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** The JVM's system properties, as Gatling passes {@code -D} options to a simulation. */
  public static Props system() {
    Properties p = System.getProperties();
    Map<String, String> copy = new java.util.HashMap<>();
    for (String name : p.stringPropertyNames()) {
      copy.put(name, p.getProperty(name));
    }
    return new Props(copy);
  }

  /** These properties, with {@code defaults} for the names that are not set. */
  public Props withDefaults(Map<String, String> defaults) {
    Map<String, String> merged = new java.util.HashMap<>(defaults);
    merged.putAll(values);
    return new Props(merged);
  }

  public String string(String name, String fallback) {
    String v = values.get(name);
    return v == null ? fallback : v.strip();
  }

  public int integer(String name, int fallback, int min, int max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    int v;
    try {
      v = Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "a whole number from " + min + " to " + max);
    }
    if (v < min || v > max) {
      throw invalid(name, raw, "a whole number from " + min + " to " + max);
    }
    return v;
  }

  public double decimal(String name, double fallback, double min, double max) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    double v;
    try {
      v = Double.parseDouble(raw.strip());
    } catch (NumberFormatException e) {
      throw invalid(name, raw, "a number from " + min + " to " + max);
    }
    if (!(v >= min && v <= max)) {
      throw invalid(name, raw, "a number from " + min + " to " + max);
    }
    return v;
  }

  /** A number, or null when the property is not set. */
  public Double optionalDecimal(String name, double min, double max) {
    String raw = values.get(name);
    return raw == null || raw.isBlank() ? null : decimal(name, 0, min, max);
  }

  public boolean bool(String name, boolean fallback) {
    String raw = values.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    return switch (raw.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw invalid(name, raw, "true or false");
    };
  }

  static IllegalArgumentException invalid(String name, String value, String allowed) {
    return new IllegalArgumentException(
        "-D" + name + "=" + value + " is not allowed: " + name + " must be " + allowed);
  }
}
