package io.tokenload.local;

import io.tokenload.workload.Api;
import java.util.Objects;

/**
 * One streamed completion asked of a {@link LocalBackend}: what an HTTP request body would carry.
 *
 * @param requestId names the request in its record; the response id is derived from it
 * @param api {@link Api#CHAT} sends {@code prompt} as one user message through the model's chat
 *     template and streams {@code chat.completion.chunk}s; {@link Api#COMPLETIONS} sends it as is
 *     and streams {@code text_completion}s
 * @param prompt the user message or the raw prompt
 * @param maxTokens output tokens at most, 1 or more
 * @param ignoreEos keep generating past the end-of-sequence token, so exactly {@code maxTokens}
 *     tokens are generated (vLLM's {@code ignore_eos})
 */
public record LocalRequest(
    String requestId, Api api, String prompt, int maxTokens, boolean ignoreEos) {

  public LocalRequest {
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(api, "api");
    Objects.requireNonNull(prompt, "prompt");
    if (maxTokens < 1) {
      throw new IllegalArgumentException(
          "LocalRequest " + requestId + ": maxTokens was " + maxTokens + ", must be at least 1");
    }
  }

  /** A chat request for exactly {@code maxTokens} tokens. */
  public static LocalRequest chat(String requestId, String prompt, int maxTokens) {
    return new LocalRequest(requestId, Api.CHAT, prompt, maxTokens, true);
  }

  /** A raw-prompt completion request for exactly {@code maxTokens} tokens. */
  public static LocalRequest completion(String requestId, String prompt, int maxTokens) {
    return new LocalRequest(requestId, Api.COMPLETIONS, prompt, maxTokens, true);
  }
}
