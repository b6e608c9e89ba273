package io.tokenload.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages about properties, reworded with the flags of {@code run_1k_4k.sh}. */
class ScriptFlagsTest {

  @Test
  void aPropertyWithItsValueBecomesTheFlagWithTheValueAsTyped() {
    assertEquals(
        "--parallel 1 2 x: bad",
        ScriptFlags.spell("-Dparallel=1,2,x: bad", Map.of("parallel", "1,2,x")));
  }

  @Test
  void aLongerPropertyIsNotTakenForAShorterOne() {
    assertEquals(
        "--api-key-env KEY names a variable; --api chat",
        ScriptFlags.spell(
            "-Dapi.key.env=KEY names a variable; -Dapi chat", Map.of("api.key.env", "KEY")));
  }

  @Test
  void aDottedPropertyNamedInASentenceBecomesTheFlag() {
    assertEquals(
        "--url x is not allowed: --url must be an http:// URL",
        ScriptFlags.spell(
            "-Dbase.url=x is not allowed: base.url must be an http:// URL",
            Map.of("base.url", "x")));
  }

  @Test
  void aPropertyTheScriptHasNoFlagForIsLeftAsItIs() {
    assertEquals(
        "-Dconcurrency=0 is not allowed",
        ScriptFlags.spell("-Dconcurrency=0 is not allowed", Map.of("concurrency", "0")));
  }

  @Test
  void aSingleWordPropertyInASentenceIsLeftAsItIs() {
    assertEquals(
        "the model is not served; set --model <name>",
        ScriptFlags.spell("the model is not served; set -Dmodel=<name>", Map.of()));
  }
}
