package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run definition's {@code "thresholds": {"strict": true}} makes the run strict as {@code
 * -Dstrict=true} does, and the property overrides it.
 */
class StrictDefinitionTest {

  @TempDir Path dir;

  private Path definition(String thresholds) throws Exception {
    Path f = dir.resolve("strict.json");
    Files.writeString(
        f,
        "{\"input_output\": [[8, 8]], \"load\": {\"concurrency\": [1], \"requests\": [1]},"
            + " \"thresholds\": "
            + thresholds
            + "}");
    return f;
  }

  private static boolean strict(Map<String, String> props) {
    return MatrixInputs.read(new Props(props), Map.of()).settings().thresholds().strict();
  }

  @Test
  void theDefinitionsStrictFieldMakesTheRunStrict() throws Exception {
    String config = definition("{\"strict\": true}").toString();

    assertTrue(strict(Map.of("config", config)));
    assertFalse(strict(Map.of("config", config, "strict", "false")), "-Dstrict overrides it");
  }

  @Test
  void withoutItAFailedCheckOnlyWarns() throws Exception {
    String config = definition("{\"max_error_rate\": 0.5}").toString();

    assertFalse(strict(Map.of("config", config)));
    assertTrue(strict(Map.of("config", config, "strict", "true")));
  }
}
