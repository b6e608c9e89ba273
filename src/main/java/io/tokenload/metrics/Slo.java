package io.tokenload.metrics;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Service-level objectives for goodput, as {@code vllm bench serve --goodput ttft:ms tpot:ms
 * e2el:ms} defines it: a request is good when it succeeded and meets every objective that is set. A
 * null objective is not set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Slo(
    @JsonProperty("ttft_ms") Double ttftMs,
    @JsonProperty("tpot_ms") Double tpotMs,
    @JsonProperty("e2e_ms") Double e2eMs) {

  public static final Slo NONE = new Slo(null, null, null);

  @JsonIgnore
  public boolean isSet() {
    return ttftMs != null || tpotMs != null || e2eMs != null;
  }

  /** True when {@code m}'s request succeeded and meets every objective that is set. */
  public boolean metBy(RequestMetrics m) {
    if (!m.record().ok()) {
      return false;
    }
    return within(ttftMs, m.ttftNanos())
        && within(tpotMs, m.tpotNanos())
        && within(e2eMs, m.e2eNanos());
  }

  private static boolean within(Double limitMs, long nanos) {
    // An undefined metric (-1: one output token has no TPOT) cannot break its objective.
    return limitMs == null || nanos < 0 || nanos <= limitMs * 1e6;
  }
}
