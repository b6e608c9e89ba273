package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreflightTest {

  @Test
  void unreachableBaseUrlFailsAtOnceNamingTheProperty() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + closedPort);
    long start = System.nanoTime();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Preflight.resolveModel(base, "", Optional.empty()));
    assertTrue(e.getMessage().contains("-Dbase.url=" + base), e.getMessage());
    assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    assertTrue(
        System.nanoTime() - start < 10_000_000_000L,
        "a refused connection must not wait for a timeout");
  }

  @Test
  void modelDefaultsToTheFirstServedAndAnUnknownOneIsRefused() {
    try (TargetServer target = TargetServer.start(TargetSettings.defaults())) {
      URI base = target.baseUri();
      assertEquals(target.settings().model(), Preflight.resolveModel(base, "", Optional.empty()));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Preflight.resolveModel(base, "llama-70b", Optional.empty()));
      assertTrue(e.getMessage().contains("-Dmodel=llama-70b"), e.getMessage());
      assertTrue(e.getMessage().contains(target.settings().model()), e.getMessage());
    }
  }

  /**
   * The embedded target answers each protocol's preflight URL (TGI's {@code /info}, SGLang's {@code
   * /get_model_info}, Gemini's {@code /v1beta/models}, ...), so a run of any backend against {@code
   * tokenload serve} finds the model without {@code -Dmodel}.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "openai-chat",
        "openai-responses",
        "sglang",
        "tgi",
        "ollama",
        "ollama-generate",
        "anthropic",
        "gemini",
        "hf",
        "moonshot"
      })
  void everyProtocolsPreflightFindsTheTargetsModel(String name) {
    Backend backend = Backends.named(name, "backend");
    try (TargetServer target = TargetServer.start(TargetSettings.defaults())) {
      assertEquals(
          target.settings().model(),
          Preflight.resolveModel(target.baseUri(), "", Optional.empty(), backend));
    }
  }

  @Test
  void tritonsReadyCheckPassesAndItsModelIsTheOneGiven() {
    Backend triton = Backends.named("triton", "backend");
    try (TargetServer target = TargetServer.start(TargetSettings.defaults())) {
      URI base = target.baseUri();
      assertEquals(
          "tokenload-sim", Preflight.resolveModel(base, "tokenload-sim", Optional.empty(), triton));
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Preflight.resolveModel(base, "", Optional.empty(), triton));
      assertTrue(e.getMessage().contains("answered HTTP 200 without a model list"), e.getMessage());
    }
  }
}
