package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DefinitionReaderTest {

  @TempDir Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("def.json");
    Files.writeString(f, json);
    return f;
  }

  private String error(String json) throws IOException {
    Path f = file(json);
    return assertThrows(IllegalArgumentException.class, () -> DefinitionReader.read(f))
        .getMessage();
  }

  @Test
  void seedsNineCountsAgainstElevenLevelsIsRefusedNamingFileFieldsAndLengths() throws IOException {
    String message =
        error(
            """
            {"input_output": [[128,128]],
             "load": {"concurrency": [1,2,4,8,16,32,64,128,256,512,1024],
                      "requests": [8,16,16,48,256,384,512,512,1024]}}""");
    assertTrue(message.startsWith(dir.resolve("def.json") + ": "), message);
    assertTrue(
        message.contains("load.requests has 9 entries but load.concurrency has 11"), message);
    assertTrue(message.contains("paired index by index"), message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"input_output\":[[128]],\"load\":{\"concurrency\":[1],\"requests\":[1]}} | input_output[0] was [128]; allowed: a pair",
        "{\"input_output\":[[128,0]],\"load\":{\"concurrency\":[1],\"requests\":[1]}} | input_output[0][1] was 0; allowed: a whole number from 1",
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[1,-2],\"requests\":[1,1]}} | load.concurrency[1] was -2",
        "{\"input_output\":[[8,8]],\"load\":{\"model\":\"poisson\"}} | load.model was \"poisson\"; allowed: closed, open, ramp",
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[1],\"requests\":[1]},\"thresholds\":{\"p99_ms\":3}} | thresholds.p99_ms is not a known field",
        "{\"input_output\":[[8,8]],\"load\":{\"concurency\":[1],\"requests\":[1]}} | load.concurency is not a known field",
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[2,2],\"requests\":[4,4]}} | cell in8-out8-c2 appears twice",
        "{\"input_output\":[[8,8]],\"target\":{\"api\":\"embeddings\"},\"load\":{\"concurrency\":[1],\"requests\":[1]}} | target.api was 'embeddings'; allowed: chat, completions",
        "{\"input_output\":[[8,8]],\"load\":{\"model\":\"ramp\",\"of\":\"users\"}} | load.of was \"users\"; allowed: concurrency, rate",
        "{\"input_output\":[[8,8]],\"target\":{\"backend\":\"tgl\"},\"load\":{\"concurrency\":[1],\"requests\":[1]}} | target.backend was 'tgl'; allowed: openai-chat, openai-completions",
        "{\"input_output\":[[8,8]],\"target\":{\"generation\":[1]},\"load\":{\"concurrency\":[1],\"requests\":[1]}} | target.generation was [1]; allowed: a JSON object",
        "{\"input_output\":[[8,8]],\"target\":{\"headers\":{\"X-A\":1}},\"load\":{\"concurrency\":[1],\"requests\":[1]}} | target.headers.X-A was 1; allowed: a string",
        "{\"input_output\":[[8,8]],\"target\":{\"stream\":\"no\"},\"load\":{\"concurrency\":[1],\"requests\":[1]}} | target.stream was \"no\"; allowed: true or false",
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[1],\"requests\":[1]},\"dataset\":{\"source\":\"csv:a.csv\"}} | dataset.source was \"csv:a.csv\"; allowed: synthetic, sharegpt:FILE",
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[1],\"requests\":[1]},\"dataset\":{\"source\":\"synthetic\",\"max_input_tokens\":0}} | dataset.max_input_tokens was 0",
      })
  void badFieldIsNamedWithWhatIsAllowed(String json, String expected) throws IOException {
    String message = error(json);
    assertTrue(message.contains(expected), message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"input_output\":[[8,8]],\"target\":{\"headers\":\"Authorization: Bearer sk-secret\"},\"load\":{\"concurrency\":[1],\"requests\":[1]}}",
        "{\"input_output\":[[8,8]],\"target\":{\"headers\":{\"Authorization\":{\"key\":\"sk-secret\"}}},\"load\":{\"concurrency\":[1],\"requests\":[1]}}",
      })
  void aBadHeaderIsNamedWithoutWhatItHolds(String json) throws IOException {
    String message = error(json);
    assertTrue(message.contains("target.headers"), message);
    assertFalse(message.contains("sk-secret"), message);
  }

  @Test
  void requestRateLoadGivesFixedGapCellsCappedByMaxConcurrency() throws IOException {
    Path file = dir.resolve("rr.json");
    Files.writeString(
        file,
        """
        {"input_output":[[8,8]],
         "load":{"model":"request_rate","request_rate":[2,0],"requests":[10,5],"max_concurrency":4}}""");
    List<CellSpec> cells = DefinitionReader.read(file).cells();
    assertEquals(2, cells.size());
    assertEquals(2.0, cells.get(0).ratePerSecond());
    assertEquals(0.0, cells.get(0).burstiness());
    assertEquals(4, cells.get(0).concurrency());
    assertTrue(cells.get(1).ratePerSecond() < Arrivals.ALL_AT_ONCE_BELOW);
  }

  @Test
  void aRepeatedMatrixRunsPassAfterPassEachCellWithItsOwnSeed() throws IOException {
    Path f = dir.resolve("rep.json");
    Files.writeString(
        f,
        "{\"input_output\":[[8,8]],\"load\":{\"concurrency\":[1,2],\"requests\":[2,2]},"
            + "\"repeat\":2}");
    var cells = DefinitionReader.read(f).cells();
    assertEquals(
        List.of("in8-out8-c1-rep1", "in8-out8-c2-rep1", "in8-out8-c1-rep2", "in8-out8-c2-rep2"),
        cells.stream().map(c -> c.name()).toList());
    assertEquals(4, cells.stream().map(c -> c.seed()).distinct().count());
  }

  @Test
  void notJsonSaysWhere() throws IOException {
    String message = error("{\"input_output\": [[8,8]],\n \"load\": {");
    assertTrue(message.contains("not valid JSON at line 2"), message);
  }

  @Test
  void closedMatrixCrossesPairsWithLevelsInFileOrderEachWithItsOwnSeed() throws IOException {
    RunDefinition d =
        DefinitionReader.read(
            file(
                "{\"input_output\":[[128,128],[1024,64]],\"load\":{\"concurrency\":[1,4],\"requests\":[8,16]},\"seed\":3}"));
    List<String> names = d.cells().stream().map(CellSpec::name).toList();
    assertEquals(
        List.of("in128-out128-c1", "in128-out128-c4", "in1024-out64-c1", "in1024-out64-c4"), names);
    assertEquals(16, d.cells().get(3).requests());
    assertEquals(4, d.cells().stream().map(CellSpec::seed).distinct().count());
  }

  @Test
  void openAndRampLoadsExpandIntoRateAndDwellCells() throws IOException {
    RunDefinition open =
        DefinitionReader.read(
            file(
                "{\"input_output\":[[8,8]],\"load\":{\"model\":\"open\",\"rate\":[2,0.5],\"requests\":[10,20],\"burstiness\":0.5,\"max_concurrency\":4}}"));
    CellSpec slow = open.cells().get(1);
    assertEquals("in8-out8-r0.500", slow.name());
    assertEquals(0.5, slow.ratePerSecond());
    assertEquals(0.5, slow.burstiness());
    assertEquals(4, slow.concurrency());
    assertEquals(20, slow.requests());

    RunDefinition ramp =
        DefinitionReader.read(
            file(
                "{\"input_output\":[[8,8]],\"load\":{\"model\":\"ramp\",\"from\":1,\"to\":64,\"steps\":7,\"shape\":\"exponential\",\"dwell_s\":5}}"));
    assertEquals(
        List.of(1, 2, 4, 8, 16, 32, 64), ramp.cells().stream().map(CellSpec::concurrency).toList());
    assertTrue(ramp.cells().stream().allMatch(c -> c.durationSeconds() == 5));
  }

  @Test
  void commandLineOverridesReplaceTheLoadAndPairs() throws IOException {
    RunDefinition d =
        DefinitionReader.read(
            Path.of("simulations/run_1k_4k.json"),
            Map.of("parallel", "1,2,4", "number", "8,16,32", "input.output", "128:128,1024:1024"));
    assertEquals(6, d.cells().size());
    assertEquals("in1024-out1024-c4", d.cells().get(5).name());
    assertEquals(32, d.cells().get(5).requests());
  }

  @Test
  void aSingleNumberAppliesToEveryParallelLevel() throws IOException {
    RunDefinition d =
        DefinitionReader.read(
            Path.of("simulations/run_1k_4k.json"),
            Map.of("parallel", "1,2,4", "number", "16", "input.output", "128:128"));
    assertEquals(List.of(16, 16, 16), d.cells().stream().map(CellSpec::requests).toList());
  }

  @Test
  void parallelAndNumberOfDifferentLengthsAreRefusedNamingBothFlags() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DefinitionReader.read(
                    Path.of("simulations/run_1k_4k.json"),
                    Map.of("parallel", "1,2,3", "number", "4,8")));
    assertEquals(
        "--parallel has 3 values but --number has 2: give one --number per --parallel value"
            + " (--parallel 1 2 4 --number 8 16 32), or a single --number for every level"
            + " (--parallel 1 2 4 --number 16)",
        e.getMessage());
  }

  @Test
  void everyShippedDefinitionIsValid() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Path.of("simulations"))) {
      files =
          s.filter(p -> p.toString().endsWith(".json"))
              .filter(p -> !p.startsWith(ModelRegistry.DEFAULT.getParent())) // not a definition
              .toList();
    }
    assertTrue(files.size() >= 7, "shipped definitions: " + files);
    for (Path f : files) {
      assertTrue(DefinitionReader.read(f).cells().size() > 0, f.toString());
    }
    assertEquals(54, DefinitionReader.read(Path.of("simulations/run_1k_4k.json")).cells().size());
  }
}
