package io.tokenload.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Per turn: prompt tokens, prefix-cache hits and the hit rate, from a session run's records. */
final class SessionCache {

  private SessionCache() {}

  static List<SessionRun.TurnCache> perTurn(
      Path runDir, List<io.tokenload.workload.CellSpec> cells, List<RequestRecord> records)
      throws IOException {
    JsonNode summaryCells =
        new ObjectMapper().readTree(runDir.resolve(RunReport.SUMMARY_FILE).toFile()).path("cells");
    List<SessionRun.TurnCache> out = new ArrayList<>();
    for (var cell : cells) {
      long requests = 0;
      long prompt = 0;
      long cached = 0;
      long reported = 0;
      for (RequestRecord r : records) {
        if (!r.cell().equals(cell.name()) || !r.ok()) {
          continue;
        }
        requests++;
        if (r.cachedTokens() != null && r.promptTokens() >= 0) {
          reported++;
          prompt += r.promptTokens();
          cached += r.cachedTokens();
        }
      }
      Double ttft = null;
      for (JsonNode c : summaryCells) {
        JsonNode p50 = c.path("latency").path("ttft_ms").path("p50");
        if (c.path("name").asText().equals(cell.name()) && p50.isNumber()) {
          ttft = p50.asDouble();
        }
      }
      out.add(
          new SessionRun.TurnCache(
              cell.name(),
              requests,
              prompt,
              cached,
              reported,
              reported == 0 || prompt == 0 ? null : Math.round(1e4 * cached / prompt) / 1e4,
              ttft));
    }
    return out;
  }

  static String line(SessionRun.TurnCache t) {
    return String.format(
        Locale.ROOT,
        "%s: %d requests, TTFT p50 %s ms, %d prompt tokens, %d cached, hit rate %s",
        t.turn(),
        t.requests(),
        t.ttftP50Ms() == null ? "null" : String.format(Locale.ROOT, "%.1f", t.ttftP50Ms()),
        t.promptTokens(),
        t.cachedTokens(),
        t.hitRate() == null
            ? "unknown (the server reported no cached_tokens)"
            : String.format(Locale.ROOT, "%.1f %%", 100 * t.hitRate()));
  }
}
