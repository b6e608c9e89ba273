package io.tokenload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestMetrics;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The measuring path end to end, over a real socket against the embedded target. */
class StreamTimingTest {

  @Test
  void measuresTheTargetsConfiguredTimeToFirstTokenAndInterTokenLatency() throws Exception {
    TargetSettings settings =
        TargetSettings.defaults()
            .withTimeToFirstToken(Duration.ofMillis(150))
            .withInterTokenLatency(Duration.ofMillis(20));
    try (TargetServer target = TargetServer.start(settings);
        StreamClient client = StreamClient.create(1)) {
      Endpoint endpoint =
          new Endpoint(
              target.baseUri(),
              Api.CHAT,
              Flavour.VLLM,
              settings.model(),
              Optional.empty(),
              Duration.ofSeconds(30));
      // Warm-up: a fresh JVM delivers its first streams late; those are not the target's timing.
      ClosedLoop.run(client, new RequestFactory(endpoint, CellSpec.of(32, 8, 4, 8, 99)), 4, 8, 60);

      List<RequestRecord> records =
          ClosedLoop.run(
              client, new RequestFactory(endpoint, CellSpec.of(64, 16, 4, 16, 1)), 4, 16, 60);

      assertEquals(16, records.size());
      List<Long> ttft = new ArrayList<>();
      List<Long> itl = new ArrayList<>();
      for (RequestRecord r : records) {
        assertTrue(r.ok(), "request failed: " + r.error());
        assertEquals(16, r.outputTokens());
        RequestMetrics m = RequestMetrics.of(r);
        ttft.add(m.ttftNanos());
        m.forEachItlSample(itl::add);
      }
      assertEquals(16 * 15, itl.size());
      double ttftMs = median(ttft) / 1e6;
      double itlMs = median(itl) / 1e6;
      assertTrue(ttftMs >= 150 && ttftMs <= 155, "median time to first token " + ttftMs + " ms");
      assertTrue(itlMs >= 19 && itlMs <= 21, "median inter-token latency " + itlMs + " ms");
    }
  }

  private static double median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }
}
