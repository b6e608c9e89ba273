package io.tokenload.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.backend.Backends;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamLimits;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The driver of searches and replays reads each answer in its backend's own protocol. */
class DriverTest {

  @ParameterizedTest
  @CsvSource({"anthropic", "ollama", "tgi"})
  void aNonOpenAiBackendsAnswersAreReadInItsProtocol(String backend) throws Exception {
    try (TargetServer server = TargetServer.start(TargetSettings.defaults());
        Driver driver = new Driver(WordTokenizer.instance())) {
      Endpoint endpoint =
          new Endpoint(
              server.baseUri(),
              Api.CHAT,
              Flavour.VLLM,
              "tokenload-sim",
              Optional.empty(),
              Duration.ofSeconds(10),
              StreamLimits.DEFAULTS,
              Backends.named(backend, "backend"),
              new RequestOptions(Map.of("ignore_eos", true), Map.of(), true));
      CellSpec cell = CellSpec.of(32, 12, 2, 4, 5);
      List<RequestRecord> records = Collections.synchronizedList(new ArrayList<>());

      driver.closed(cell, new RequestFactory(endpoint, cell), records::add, System.nanoTime());

      assertEquals(4, records.size());
      for (RequestRecord r : records) {
        assertTrue(r.ok(), backend + ": " + r.error());
        assertEquals(12, r.outputTokens(), backend + " " + r.requestId());
      }
    }
  }
}
