package io.tokenload.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.testing.TestEndpoints;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.PreparedPrompts;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.SyntheticPrompts;
import io.tokenload.workload.TemplateProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@code simulations/models/local.yaml} runs against the embedded target over real
 * sockets, as {@code run_1k_4k.sh --models} runs it (the row's backend and params, the template
 * probe), and gets exactly the lengths it asked: by the server's own counts, or by the tokenizer's
 * where the protocol reports none (Triton). Four requests per row.
 */
class LocalMatrixRowsTest {

  private static final Path LOCAL = Path.of("simulations/models/local.yaml");
  private static TargetServer server;
  private static StreamClient client;

  @BeforeAll
  static void start() {
    server = TargetServer.start(TargetSettings.defaults());
    client = StreamClient.create(1);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  static Stream<String> rows() throws Exception {
    return ModelMatrix.read(LOCAL).stream().map(ModelRow::name);
  }

  private static ModelRow row(String name) throws Exception {
    return ModelMatrix.read(LOCAL).stream().filter(r -> r.name().equals(name)).findFirst().get();
  }

  /** The row's endpoint on the embedded target, with {@code headers} added to every request. */
  private static Endpoint endpoint(ModelRow row, Map<String, String> headers) {
    Map<String, Object> params = row.params() == null ? Map.of() : row.params();
    return TestEndpoints.of(server.baseUri(), row.backend(), params, headers);
  }

  private static List<RequestRecord> run(Endpoint endpoint, int overhead) throws Exception {
    CellSpec cell = CellSpec.of(64, 24, 2, 4, 3);
    PromptLengths lengths =
        PromptLengths.exactly(cell.inputTokens()).withTemplateOverhead(overhead);
    var prompts =
        PreparedPrompts.first(
            new SyntheticPrompts(WordTokenizer.instance(), lengths, cell.seed()), 4);
    return ClosedLoop.run(
        client,
        new RequestFactory(endpoint, cell, prompts),
        endpoint.backend().format(),
        WordTokenizer.instance(),
        2,
        4,
        60);
  }

  @ParameterizedTest
  @MethodSource("rows")
  void everyLocalRowGetsTheLengthsItAsks(String name) throws Exception {
    ModelRow row = row(name);
    Endpoint endpoint = endpoint(row, Map.of());
    int overhead =
        endpoint.backend().chatTemplate()
            ? TemplateProbe.of(endpoint).overheadTokens(WordTokenizer.instance())
            : 0;
    List<RequestRecord> records = run(endpoint, overhead);

    assertEquals(4, records.stream().filter(RequestRecord::ok).count(), name + ": " + records);
    for (RequestRecord r : records) {
      assertEquals(24, r.outputTokens(), name + " output tokens of " + r.requestId());
    }
    LengthTally tally = LengthTally.of(records);
    if ("triton".equals(row.backend())) {
      // Triton's generate extension reports no counts: the tokenizer's count is checked above.
      assertEquals(4, tally.input().unreported(), tally.toString());
    } else {
      assertTrue(tally.allExact(), name + ": " + tally);
      assertEquals(4, tally.input().exact(), name + ": " + tally);
      assertEquals(4, tally.output().exact(), name + ": " + tally);
    }
  }

  /**
   * The target cuts an event's JSON in half in the row's own protocol ({@code malformed} fault):
   * each request fails with a reason naming the bad event, and the next requests still go.
   */
  @ParameterizedTest
  @MethodSource("rows")
  void aMalformedStreamFailsItsRequestAndTheRowGoesOn(String name) throws Exception {
    List<RequestRecord> records =
        run(endpoint(row(name), Map.of("X-Tokenload-Fault", "malformed;after=2")), 0);

    assertEquals(4, records.size(), name + ": every request ended");
    for (RequestRecord r : records) {
      assertFalse(r.ok(), name + " " + r.requestId());
      assertTrue(r.error().startsWith("malformed chunk after"), name + ": " + r.error());
    }
  }
}
