package io.tokenload.servermetrics;

import java.util.Map;

/**
 * A series by name, narrowed to the samples that carry {@code labels}, and the factor that turns
 * its unit into tokenload's (Triton's milliseconds into seconds, for instance).
 */
public record Selector(String name, Map<String, String> labels, double scale) {

  static Selector of(String name) {
    return new Selector(name, Map.of(), 1);
  }

  static Selector of(String name, String label, String value) {
    return new Selector(name, Map.of(label, value), 1);
  }

  boolean matches(String sampleName, Map<String, String> sampleLabels) {
    return name.equals(sampleName) && labelsMatch(sampleLabels);
  }

  boolean labelsMatch(Map<String, String> sampleLabels) {
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (!e.getValue().equals(sampleLabels.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }
}
