package io.tokenload.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Which OpenAI-compatible endpoint a run drives. */
public enum Api {
  /** {@code POST /v1/chat/completions}: messages in, {@code delta.content} out. */
  CHAT("/v1/chat/completions"),
  /** {@code POST /v1/completions}: a prompt in, {@code text} out. */
  COMPLETIONS("/v1/completions");

  private final String path;

  Api(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  /**
   * Parses {@code chat} or {@code completions}; the error names {@code where} the value came from.
   */
  public static Api parse(String value, String where) {
    for (Api api : values()) {
      if (api.name().equalsIgnoreCase(value.strip())) {
        return api;
      }
    }
    throw new IllegalArgumentException(where + " was '" + value + "'; allowed: " + allowed());
  }

  static String allowed() {
    return Arrays.stream(values())
        .map(a -> a.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
