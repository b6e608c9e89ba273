package io.tokenload.backend;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for building request bodies as JSON values. */
public final class Bodies {

  private Bodies() {}

  /**
   * {@code body} with the user's generation parameters merged in verbatim: a key of {@code
   * generation} replaces the body's, except that two objects under one key are merged the same way,
   * so {@code {"options":{"temperature":0.7}}} keeps Ollama's {@code options.num_predict}.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> merge(
      Map<String, Object> body, Map<String, Object> generation) {
    Map<String, Object> merged = new LinkedHashMap<>(body);
    for (Map.Entry<String, Object> e : generation.entrySet()) {
      Object mine = merged.get(e.getKey());
      if (mine instanceof Map<?, ?> a && e.getValue() instanceof Map<?, ?> b) {
        merged.put(e.getKey(), merge((Map<String, Object>) a, (Map<String, Object>) b));
      } else {
        merged.put(e.getKey(), e.getValue());
      }
    }
    return merged;
  }

  /** A mutable ordered map of alternating keys and values. */
  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
