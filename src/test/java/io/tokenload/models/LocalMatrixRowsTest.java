package io.tokenload.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import io.tokenload.testing.ClosedLoop;
import io.tokenload.tokenizer.WordTokenizer;
import io.tokenload.transport.StreamClient;
import io.tokenload.transport.StreamLimits;
import io.tokenload.workload.Api;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.Flavour;
import io.tokenload.workload.PreparedPrompts;
import io.tokenload.workload.PromptLengths;
import io.tokenload.workload.RequestFactory;
import io.tokenload.workload.RequestOptions;
import io.tokenload.workload.SyntheticPrompts;
import io.tokenload.workload.TemplateProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@code simulations/models/local.yaml} runs against the embedded target over real
 * sockets, as {@code run_1k_4k.sh --models} runs it (the row's backend, model and params, the
 * template probe), and gets exactly the lengths it asked: by the server's own counts, or by the
 * tokenizer's where the protocol reports none (Triton). Four requests per row.
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

  @ParameterizedTest
  @MethodSource("rows")
  void everyLocalRowGetsTheLengthsItAsks(String name) throws Exception {
    ModelRow row =
        ModelMatrix.read(LOCAL).stream().filter(r -> r.name().equals(name)).findFirst().get();
    Backend backend = Backends.named(row.backend(), "backend");
    Map<String, Object> params = row.params() == null ? Map.of() : row.params();
    Endpoint endpoint =
        new Endpoint(
            server.baseUri(),
            "openai-completions".equals(row.backend()) ? Api.COMPLETIONS : Api.CHAT,
            Flavour.VLLM,
            row.model(),
            Optional.empty(),
            Duration.ofSeconds(10),
            StreamLimits.DEFAULTS,
            backend,
            new RequestOptions(params, Map.of(), true));
    int overhead =
        backend.chatTemplate()
            ? TemplateProbe.of(endpoint).overheadTokens(WordTokenizer.instance())
            : 0;
    CellSpec cell = CellSpec.of(64, 24, 2, 4, 3);
    PromptLengths lengths =
        PromptLengths.exactly(cell.inputTokens()).withTemplateOverhead(overhead);
    var prompts =
        PreparedPrompts.first(
            new SyntheticPrompts(WordTokenizer.instance(), lengths, cell.seed()), 4);
    List<RequestRecord> records =
        ClosedLoop.run(
            client,
            new RequestFactory(endpoint, cell, prompts),
            backend.format(),
            WordTokenizer.instance(),
            2,
            4,
            60);

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
}
