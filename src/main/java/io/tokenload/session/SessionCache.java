package io.tokenload.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.report.RunReport;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Per turn: requests, TTFT p50, prompt tokens, prefix-cache hits and the hit rate, read from the
 * session run's {@code summary.json}, whose cells are the turns ({@code tokens.prefix_cache}).
 */
final class SessionCache {

  private SessionCache() {}

  static List<SessionRun.TurnCache> perTurn(Path runDir, List<CellSpec> cells) throws IOException {
    JsonNode summaryCells =
        new ObjectMapper().readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile()).path("cells");
    List<SessionRun.TurnCache> out = new ArrayList<>();
    for (CellSpec cell : cells) {
      JsonNode c = null;
      for (JsonNode candidate : summaryCells) {
        if (candidate.path("name").asText().equals(cell.name())) {
          c = candidate;
        }
      }
      JsonNode cache = c == null ? null : c.path("tokens").path("prefix_cache");
      JsonNode ttft = c == null ? null : c.path("latency").path("ttft_ms").path("p50");
      out.add(
          new SessionRun.TurnCache(
              cell.name(),
              c == null ? 0 : c.path("completed").asLong(),
              cache == null ? 0 : cache.path("prompt_tokens").asLong(),
              cache == null ? 0 : cache.path("cached_tokens").asLong(),
              cache == null ? 0 : cache.path("requests").asLong(),
              cache != null && cache.path("hit_rate").isNumber()
                  ? cache.path("hit_rate").asDouble()
                  : null,
              ttft != null && ttft.isNumber() ? ttft.asDouble() : null));
    }
    return out;
  }

  static String line(SessionRun.TurnCache t) {
    String head =
        String.format(
            Locale.ROOT,
            "%s: %d requests, TTFT p50 %s ms, ",
            t.turn(),
            t.requests(),
            t.ttftP50Ms() == null ? "null" : String.format(Locale.ROOT, "%.1f", t.ttftP50Ms()));
    if (t.hitRate() == null) { // a first turn has no history to hit, and servers then say nothing
      return head + "hit rate unknown (the server reported no cached_tokens)";
    }
    return head
        + String.format(
            Locale.ROOT,
            "%d prompt tokens, %d cached, hit rate %.1f %%",
            t.promptTokens(),
            t.cachedTokens(),
            100 * t.hitRate());
  }
}
