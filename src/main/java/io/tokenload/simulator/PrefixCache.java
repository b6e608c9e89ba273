package io.tokenload.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The embedded target's prefix cache: which prompt prefixes it has seen, by message. A chat
 * request's prefix through message <i>i</i> is cached when an earlier request held the same
 * messages 0..<i>i</i> (same roles, same text); its tokens are then not prefilled again, so its
 * first token comes sooner, and {@code usage.prompt_tokens_details.cached_tokens} reports them (on
 * prompts of more than one message, the only ones that can hit), as vLLM's automatic prefix caching
 * does. Coarser than vLLM's 16-token blocks, which also cache a shared start inside one message,
 * but a multi-turn conversation's history is whole messages. Least recently used prefixes go first
 * beyond {@value #CAPACITY}. Thread-safe.
 */
final class PrefixCache {

  static final int CAPACITY = 65_536;

  private final Map<Long, Boolean> seen =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > CAPACITY;
        }
      };

  /**
   * The tokens of {@code prefixes}' longest cached prefix (0 when none is), after which every
   * prefix of this prompt is cached for the requests that follow.
   */
  synchronized int cachedTokens(PromptCounter.Prefixes prefixes) {
    int cached = 0;
    // Only earlier messages count: a prompt's last message is what it asks now, and a prompt sent
    // twice (a run's repeated question) keeps its full prefill, as runs without sessions expect.
    for (int i = prefixes.hashes().length - 2; i >= 0; i--) {
      if (seen.containsKey(prefixes.hashes()[i])) {
        cached = prefixes.tokens()[i];
        break;
      }
    }
    for (long hash : prefixes.hashes()) {
      seen.put(hash, Boolean.TRUE);
    }
    return cached;
  }
}
