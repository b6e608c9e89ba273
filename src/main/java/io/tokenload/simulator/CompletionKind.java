package io.tokenload.simulator;

/** The two generation endpoints, with the names OpenAI (and vLLM) use for each one's objects. */
enum CompletionKind {
  /** {@code POST /v1/chat/completions}: a list of messages in, {@code delta.content} out. */
  CHAT("chatcmpl-", "chat.completion", "chat.completion.chunk", "messages"),
  /** {@code POST /v1/completions}: a raw prompt in, {@code text} out. */
  TEXT("cmpl-", "text_completion", "text_completion", "prompt");

  private final String idPrefix;
  private final String object;
  private final String chunkObject;
  private final String promptField;

  CompletionKind(String idPrefix, String object, String chunkObject, String promptField) {
    this.idPrefix = idPrefix;
    this.object = object;
    this.chunkObject = chunkObject;
    this.promptField = promptField;
  }

  /** What response ids start with, as in vLLM: {@code chatcmpl-…} or {@code cmpl-…}. */
  String idPrefix() {
    return idPrefix;
  }

  /** The {@code object} of a non-streamed response. */
  String object() {
    return object;
  }

  /** The {@code object} of each streamed chunk. */
  String chunkObject() {
    return chunkObject;
  }

  /** The request field holding the prompt, named in errors about it. */
  String promptField() {
    return promptField;
  }
}
