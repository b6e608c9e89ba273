package io.tokenload.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two OpenAI-compatible generation endpoints, with the names OpenAI (and vLLM) use for each
 * one's objects: which endpoint a run drives, and which the embedded target answers.
 */
public enum Api {
  /** {@code POST /v1/chat/completions}: messages in, {@code delta.content} out. */
  CHAT("/v1/chat/completions", "chatcmpl-", "chat.completion", "chat.completion.chunk", "messages"),
  /** {@code POST /v1/completions}: a prompt in, {@code text} out. */
  COMPLETIONS("/v1/completions", "cmpl-", "text_completion", "text_completion", "prompt");

  private final String path;
  private final String idPrefix;
  private final String object;
  private final String chunkObject;
  private final String promptField;

  Api(String path, String idPrefix, String object, String chunkObject, String promptField) {
    this.path = path;
    this.idPrefix = idPrefix;
    this.object = object;
    this.chunkObject = chunkObject;
    this.promptField = promptField;
  }

  public String path() {
    return path;
  }

  /** What response ids start with, as in vLLM: {@code chatcmpl-…} or {@code cmpl-…}. */
  public String idPrefix() {
    return idPrefix;
  }

  /** The {@code object} of a non-streamed response. */
  public String object() {
    return object;
  }

  /** The {@code object} of each streamed chunk. */
  public String chunkObject() {
    return chunkObject;
  }

  /** The request field holding the prompt, named in errors about it. */
  public String promptField() {
    return promptField;
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
