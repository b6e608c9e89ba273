package io.tokenload.servermetrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Prometheus' text exposition format (version 0.0.4, and the OpenMetrics text that vLLM,
 * SGLang, TGI and Triton also write): bytes in, samples out, no sockets, no clocks.
 *
 * <p>Prometheus' own Java libraries ({@code io.prometheus:prometheus-metrics-*}) write this format
 * but do not read it, and the Java scrapers on Maven Central are unmaintained; the part a scraper
 * needs is small, so it is here. Rules (prometheus.io, "Exposition formats"):
 *
 * <ul>
 *   <li>Lines starting with {@code #} are comments; {@code # HELP} and {@code # TYPE} are not
 *       needed to read a series, and {@code # EOF} ends an OpenMetrics scrape.
 *   <li>A sample is {@code name{label="value",...} value [timestamp]}; the braces are optional;
 *       label values escape {@code \\}, {@code \"} and {@code \n}; a trailing comma is allowed.
 *   <li>Values are Go floats: {@code NaN}, {@code +Inf}, {@code -Inf} included.
 *   <li>An OpenMetrics exemplar ({@code # {...} value}) after the value is ignored.
 * </ul>
 *
 * A line that breaks these rules is skipped and counted, so one bad series loses only itself.
 */
public final class Exposition {

  private Exposition() {}

  /** The samples of {@code text}, and how many lines could not be read. */
  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int skipped = 0;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (line.equals("# EOF")) {
          break;
        }
        continue;
      }
      Sample s = sample(line);
      if (s == null) {
        skipped++;
      } else {
        samples.add(s);
      }
    }
    return new Scrape(List.copyOf(samples), skipped);
  }

  /** One sample line, or null when it is malformed. */
  static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && nameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
      if (i < 0) {
        return null;
      }
    }
    String rest = line.substring(i).strip();
    int exemplar = rest.indexOf(" #");
    if (exemplar >= 0) {
      rest = rest.substring(0, exemplar).strip();
    }
    String[] fields = rest.split("\\s+");
    if (rest.isEmpty() || fields.length > 2) {
      return null;
    }
    Double value = number(fields[0]);
    return value == null ? null : new Sample(name, Map.copyOf(labels), value);
  }

  /** Reads labels from just after {@code {}; returns the index after {@code }}, or -1. */
  private static int labels(String line, int i, Map<String, String> into) {
    while (true) {
      while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
        i++;
      }
      if (i >= line.length()) {
        return -1;
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int start = i;
      while (i < line.length() && nameChar(line.charAt(i), i == start)) {
        i++;
      }
      if (i == start || i + 1 >= line.length() || line.charAt(i) != '=') {
        return -1;
      }
      String key = line.substring(start, i);
      i++;
      if (line.charAt(i) != '"') {
        return -1;
      }
      StringBuilder value = new StringBuilder();
      i++;
      while (i < line.length() && line.charAt(i) != '"') {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < line.length()) {
          char e = line.charAt(++i);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
        i++;
      }
      if (i >= line.length()) {
        return -1; // an unterminated label value
      }
      into.put(key, value.toString());
      i++;
    }
  }

  private static boolean nameChar(char c, boolean first) {
    return Character.isLetter(c) && c < 128
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }

  private static Double number(String s) {
    switch (s) {
      case "NaN":
        return Double.NaN;
      case "+Inf", "Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        try {
          return Double.parseDouble(s);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }
}
