package io.tokenload.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TargetSettingsTest {

  @Test
  void defaultsServeLoopbackWithoutDelays() {
    TargetSettings settings = TargetSettings.defaults();
    assertEquals("127.0.0.1", settings.host());
    assertEquals(0, settings.port());
    assertEquals("tokenload-sim", settings.model());
    assertEquals(Duration.ZERO, settings.timeToFirstToken());
    assertEquals(Duration.ZERO, settings.interTokenLatency());
    assertEquals(1, settings.tokensPerChunk());
    assertEquals(128, settings.defaultOutputTokens());
    assertEquals(32768, settings.maxContextTokens());
    assertEquals(Runtime.getRuntime().availableProcessors(), settings.eventLoopThreads());
    assertEquals(4 * 2 + 3, settings.chatTemplateTokens(2));
    assertNull(settings.chunkWriteListener());
  }

  @Test
  void withMethodsChangeOneFieldAndLeaveTheOriginal() {
    TargetSettings defaults = TargetSettings.defaults();
    TargetSettings changed = defaults.withTokensPerChunk(4).withMaxContextTokens(64);
    assertEquals(4, changed.tokensPerChunk());
    assertEquals(64, changed.maxContextTokens());
    assertEquals(1, defaults.tokensPerChunk());
    assertEquals(defaults.model(), changed.model());
  }

  @Test
  void invalidValuesNameTheFieldAndTheRange() {
    var chunk =
        assertThrows(
            IllegalArgumentException.class, () -> TargetSettings.defaults().withTokensPerChunk(0));
    assertEquals(
        "TargetSettings.tokensPerChunk is 0; it must be between 1 and 4096", chunk.getMessage());

    var port =
        assertThrows(
            IllegalArgumentException.class, () -> TargetSettings.defaults().withPort(70000));
    assertTrue(port.getMessage().startsWith("TargetSettings.port is 70000"), port.getMessage());

    var delay =
        assertThrows(
            IllegalArgumentException.class,
            () -> TargetSettings.defaults().withInterTokenLatency(Duration.ofMillis(-1)));
    assertTrue(delay.getMessage().contains("interTokenLatency is PT-0.001S"), delay.getMessage());

    var model =
        assertThrows(
            IllegalArgumentException.class, () -> TargetSettings.defaults().withModel(" "));
    assertEquals(
        "TargetSettings.model is blank; it must be a non-blank string", model.getMessage());
  }

  @Test
  void aPortInUseIsReportedWithTheAddress() {
    try (TargetServer first = TargetServer.start(TargetSettings.defaults())) {
      var error =
          assertThrows(
              UncheckedIOException.class,
              () -> TargetServer.start(TargetSettings.defaults().withPort(first.port())));
      assertTrue(error.getMessage().contains("127.0.0.1:" + first.port()), error.getMessage());
    }
  }
}
