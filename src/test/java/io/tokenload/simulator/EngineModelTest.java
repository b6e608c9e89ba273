package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The presets hold the figures docs/target.md gives; bad models and settings name the field. */
class EngineModelTest {

  @Test
  void h100PresetStepsInTheDocumentedRange() {
    EngineModel m = EngineModel.preset("8b-h100");
    double batch1Ms = m.stepNanos(1, 1000, 0) / 1e6;
    double batch256Ms = m.stepNanos(256, 256 * 1000L, 0) / 1e6;
    double prefillPerSecond = 1e6 / m.prefillMicrosPerToken();

    assertTrue(batch1Ms > 6.5 && batch1Ms < 7.5, "about 7 ms at batch 1: " + batch1Ms);
    assertTrue(batch256Ms >= 25 && batch256Ms <= 30, "25-30 ms at batch 256: " + batch256Ms);
    assertTrue(prefillPerSecond >= 10_000 && prefillPerSecond <= 20_000, "" + prefillPerSecond);
    assertEquals(256, m.maxBatch());
    assertEquals(500_000, m.kvBudgetTokens());
  }

  @Test
  void presetsAreFoundByNameAndFixedMeansNoEngine() {
    assertEquals(
        List.of("rehearsal", "tiny-fast", "8b-h100"), List.copyOf(EngineModel.presetNames()));
    TargetSettings engine = TargetSettings.defaults().withPreset("tiny-fast");
    assertEquals(EngineModel.TINY_FAST, engine.engine());
    assertNull(engine.withPreset("fixed").engine());
    assertEquals("fixed", engine.withPreset("fixed").preset());

    var error =
        assertThrows(
            IllegalArgumentException.class, () -> TargetSettings.defaults().withPreset("70b"));
    assertEquals(
        "TargetSettings.preset is '70b'; allowed: fixed, rehearsal, tiny-fast, 8b-h100",
        error.getMessage());
  }

  @Test
  void badModelsNameTheFieldAndTheRange() {
    var batch =
        assertThrows(IllegalArgumentException.class, () -> EngineModel.TINY_FAST.withMaxBatch(0));
    assertEquals("EngineModel.maxBatch is 0; it must be between 1 and 65536", batch.getMessage());
    var jitter =
        assertThrows(
            IllegalArgumentException.class, () -> EngineModel.TINY_FAST.withStepJitter(0.9));
    assertEquals(
        "EngineModel.stepJitter is 0.9; it must be between 0 and 0.5", jitter.getMessage());
    var step =
        assertThrows(
            IllegalArgumentException.class, () -> new EngineModel("m", 1, -1, 0, 0, 1, 10, 10, 0));
    assertEquals(
        "EngineModel.stepBaseMicros is -1.0; it must be between 0 and 1000000", step.getMessage());
    var batched =
        assertThrows(
            IllegalArgumentException.class, () -> new EngineModel("m", 1, 1, 0, 0, 8, 10, 4, 0));
    assertTrue(
        batched.getMessage().startsWith("EngineModel.maxBatchedTokens is 4; it must be between 8"),
        batched.getMessage());
  }

  @Test
  void newSettingsAreValidatedWithTheirNames() {
    var reasoning =
        assertThrows(
            IllegalArgumentException.class,
            () -> TargetSettings.defaults().withReasoningTokens(-1));
    assertEquals(
        "TargetSettings.reasoningTokens is -1; it must be between 0 and 10000000",
        reasoning.getMessage());
    var faults =
        assertThrows(NullPointerException.class, () -> TargetSettings.defaults().withFaults(null));
    assertEquals("TargetSettings.faults is null; use List.of()", faults.getMessage());
    TargetSettings defaults = TargetSettings.defaults();
    assertEquals(0, defaults.seed());
    assertEquals(0, defaults.reasoningTokens());
    assertEquals(List.of(), defaults.faults());
  }
}
