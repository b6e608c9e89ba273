package io.tokenload.search;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * One load level tried by a search, and what it measured.
 *
 * @param level the concurrency or the arrival rate (requests/s) probed
 * @param completed requests that completed
 * @param failed requests that failed
 * @param values each objective's statistic ({@code ttft_p99_ms} …), null when not measured
 * @param outputTokensPerS the probe's output tokens per second
 * @param requestsPerS the probe's completed requests per second
 * @param sustained for a rate probe, whether the server completed requests as fast as they were
 *     offered (within 10 %, allowing for the last requests' own latency); null for concurrency
 * @param broken the first objective the probe broke, as typed ({@code itl_p99_ms<=50}), or null
 * @param folder the probe's run folder (its {@code summary.json}, {@code requests.jsonl} …)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Probe(
    double level,
    long completed,
    long failed,
    Map<String, Double> values,
    @JsonProperty("output_tokens_per_s") Double outputTokensPerS,
    @JsonProperty("requests_per_s") Double requestsPerS,
    Boolean sustained,
    String broken,
    String folder) {

  /** Whether every objective was met (and something completed). */
  @JsonProperty("met")
  public boolean met() {
    return broken == null && completed > 0;
  }
}
