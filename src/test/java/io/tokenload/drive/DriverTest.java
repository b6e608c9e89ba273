package io.tokenload.drive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.TestEndpoints;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.RequestFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
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
          TestEndpoints.of(server.baseUri(), backend, Map.of("ignore_eos", true), Map.of());
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
