package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code batch_test_config.json}, in seed 002's format, read as a run definition (what
 * {@code run_1k_4k.sh --config batch_test_config.json} does).
 */
class SeedScenarioTest {

  private static final Path BATCH = Path.of("batch_test_config.json");

  @TempDir Path dir;

  @Test
  void theDefaultScenarioIsTheSeedsBatchWithItsCountsCarriedOn() throws Exception {
    RunDefinition d = DefinitionReader.read(BATCH);
    assertEquals("run_1k_4K equivalent", d.name());
    assertEquals(6 * 11, d.cells().size());
    CellSpec last = d.cells().get(10);
    assertEquals("in128-out128-c1024", last.name());
    assertEquals(1024, last.requests());
    assertEquals("rehearsal", d.target().embeddedPreset());
    assertNull(d.target().baseUrl(), "model 2 is the embedded target");
  }

  @Test
  void aNamedScenarioIsPicked() throws Exception {
    RunDefinition d = DefinitionReader.read(BATCH, Map.of("scenario", "quick_test"));
    assertEquals(6, d.cells().size());
    assertEquals("in128-out128-c4", d.cells().get(2).name());
    assertEquals(8, d.cells().get(2).requests(), "the last count, carried on");
    assertEquals(20, d.target().embeddedTtftMs());
    assertTrue(
        d.description().contains("Pairing: c=1 n=4, c=2 n=8, c=4 n=8 (carried)"),
        "the run prints its description, so the console shows the pairing: " + d.description());
  }

  @Test
  void anUnknownScenarioListsTheOnesThereAre() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DefinitionReader.read(BATCH, Map.of("scenario", "quick")));
    assertEquals(
        "batch_test_config.json: test_scenarios has no scenario 'quick'; allowed:"
            + " run_1k_4K_equivalent, quick_test, comprehensive_test",
        e.getMessage());
  }

  @Test
  void aRemoteModelBecomesTheTarget() throws Exception {
    Path file = dir.resolve("one.json");
    Files.writeString(
        file,
        """
        {"model_id": 3, "num_prompts_list": [4], "max_concurrency_list": [2],
         "input_output_pairs": [[32, 32]]}""");
    RunDefinition d = DefinitionReader.read(file);
    assertEquals("http://127.0.0.1:8000", d.target().baseUrl());
    assertEquals("OPENAI_API_KEY", d.target().apiKeyEnv());
    assertEquals("Qwen/Qwen3-8B", d.target().model());
  }

  @Test
  void aMisspeltScenarioFieldIsRefusedNamingTheFile() throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(
        file,
        """
        {"test_scenarios": {"s": {"model_id": 1, "num_prompt_list": [4],
         "max_concurrency_list": [2], "input_output_pairs": [[32, 32]]}}}""");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DefinitionReader.read(file));
    assertTrue(
        e.getMessage().startsWith(file + ": num_prompt_list is not a known field; allowed:"),
        e.getMessage());
  }

  @Test
  void aScenarioForARunDefinitionIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DefinitionReader.read(
                    Path.of("simulations/quick.json"), Map.of("scenario", "quick_test")));
    assertEquals(
        "--scenario quick_test: simulations/quick.json is a run definition, not a seed 002 batch"
            + " file with test_scenarios",
        e.getMessage());
  }
}
