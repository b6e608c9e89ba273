package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.metrics.RequestRecord;

/**
 * A cell's prefix-cache hits by the server's own count ({@code
 * usage.prompt_tokens_details.cached_tokens}), over the completed requests that reported it.
 *
 * @param requests completed requests whose usage reported cached tokens
 * @param promptTokens their prompt tokens
 * @param cachedTokens their prompt tokens served from the prefix cache
 */
record PrefixCacheTally(
    long requests,
    @JsonProperty("prompt_tokens") long promptTokens,
    @JsonProperty("cached_tokens") long cachedTokens) {

  static final PrefixCacheTally EMPTY = new PrefixCacheTally(0, 0, 0);

  PrefixCacheTally plus(RequestRecord r) {
    if (!r.ok() || r.cachedTokens() == null || r.promptTokens() < 0) {
      return this;
    }
    return new PrefixCacheTally(
        requests + 1, promptTokens + r.promptTokens(), cachedTokens + r.cachedTokens());
  }

  /** Cached over prompt tokens, rounded to 4 places; null when nothing reported. */
  @JsonProperty("hit_rate")
  Double hitRate() {
    return promptTokens == 0 ? null : Math.round(1e4 * cachedTokens / promptTokens) / 1e4;
  }

  /** This tally, or null when no request reported cached tokens (left out of the summary). */
  PrefixCacheTally orNull() {
    return requests == 0 ? null : this;
  }
}
