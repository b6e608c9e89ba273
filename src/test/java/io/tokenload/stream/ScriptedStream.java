package io.tokenload.stream;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tokenload.tokenizer.Tokenizer;

/**
 * Scripted streams for the recorder tests: payloads of an OpenAI-compatible stream at exact times.
 */
final class ScriptedStream {

  private ScriptedStream() {}

  static final long RUN_START = 7_000_000_000L;
  static final long INTENDED = RUN_START + 1_000;
  static final long SENT = RUN_START + 5_000;
  static final String DONE = "[DONE]";

  static StreamRecorder recorder(Tokenizer tokenizer) {
    StreamRecorder r =
        new StreamRecorder("req-1", "in128-out6-c1", RUN_START, INTENDED, SENT, 128, 6, tokenizer);
    r.onStatus(200);
    return r;
  }

  /** Bytes arriving {@code afterSent} nanoseconds after the request was sent. */
  static void read(StreamRecorder r, long afterSent, String text) {
    byte[] bytes = text.getBytes(UTF_8);
    r.onBytes(SENT + afterSent, bytes, 0, bytes.length);
  }

  /** SSE events, one per payload, arriving together. */
  static void events(StreamRecorder r, long afterSent, String... payloads) {
    StringBuilder sb = new StringBuilder();
    for (String p : payloads) {
      sb.append("data: ").append(p).append("\n\n");
    }
    read(r, afterSent, sb.toString());
  }

  static String role() {
    return "{\"id\":\"chatcmpl-9\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}";
  }

  static String content(String text) {
    return "{\"id\":\"chatcmpl-9\",\"choices\":[{\"delta\":{\"content\":\"" + text + "\"}}]}";
  }

  static String reasoning(String text) {
    return "{\"choices\":[{\"delta\":{\"reasoning_content\":\"" + text + "\"}}]}";
  }

  /** A chunk with vLLM's continuous usage: the running completion count. */
  static String content(String text, int runningTokens) {
    return "{\"id\":\"chatcmpl-9\",\"choices\":[{\"delta\":{\"content\":\""
        + text
        + "\"}}],\"usage\":{\"prompt_tokens\":128,\"completion_tokens\":"
        + runningTokens
        + "}}";
  }

  static String usageOnly(int prompt, int completion) {
    return "{\"choices\":[],\"usage\":{\"prompt_tokens\":"
        + prompt
        + ",\"completion_tokens\":"
        + completion
        + "}}";
  }
}
