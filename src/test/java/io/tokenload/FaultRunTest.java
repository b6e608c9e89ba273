package io.tokenload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.FaultRate;
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
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every fault the embedded target can inject, met by tokenload's own client over a real socket: the
 * faulty request fails with a reason that says what happened, its measurements up to the fault are
 * kept, and the run goes on with the other requests.
 */
class FaultRunTest {

  private static final int REQUESTS = 12;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "error;status=503        | HTTP 503",
        "rate-limit;retry-after=2 | HTTP 429",
        "disconnect;after=3      | connection closed by the server",
        "malformed;after=2       | malformed chunk",
        "stall;ms=2000           | no data from the server for",
        "never-ends;after=4      | no data from the server for",
      })
  void aFaultFailsItsRequestWithAReasonAndTheRunGoesOn(String fault, String reason)
      throws Exception {
    TargetSettings settings =
        TargetSettings.defaults()
            .withInterTokenLatency(Duration.ofMillis(2))
            .withSeed(3)
            .withFaults(List.of(FaultRate.parse(fault + "=0.5")));
    try (TargetServer target = TargetServer.start(settings);
        StreamClient client = StreamClient.create(1)) {
      Endpoint endpoint =
          new Endpoint(
              target.baseUri(),
              Api.CHAT,
              Flavour.VLLM,
              settings.model(),
              Optional.empty(),
              Duration.ofMillis(500));

      List<RequestRecord> records =
          ClosedLoop.run(
              client,
              new RequestFactory(endpoint, CellSpec.of(16, 8, 2, REQUESTS, 1)),
              2,
              REQUESTS,
              60);

      assertEquals(REQUESTS, records.size(), "every request ends, faulty or not");
      List<RequestRecord> failed = records.stream().filter(r -> !r.ok()).toList();
      assertTrue(
          !failed.isEmpty() && failed.size() < REQUESTS, "about half fail: " + failed.size());
      for (RequestRecord r : failed) {
        assertTrue(r.error().contains(reason), fault + " gave: " + r.error());
      }
      for (RequestRecord r : records) {
        if (r.ok()) {
          assertEquals(8, r.outputTokens());
        }
      }
    }
  }
}
