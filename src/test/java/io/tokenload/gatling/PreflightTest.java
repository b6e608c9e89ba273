package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tokenload.simulator.TargetServer;
import io.tokenload.simulator.TargetSettings;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

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
}
