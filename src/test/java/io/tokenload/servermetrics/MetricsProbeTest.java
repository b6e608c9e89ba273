package io.tokenload.servermetrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The probe that decides, before any load, whether a metrics endpoint can be scraped. */
class MetricsProbeTest {

  @Test
  void aPortNobodyListensOnIsSaidInWordsNotAsNull() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    MetricsScraper.Probe probe =
        MetricsScraper.probe(URI.create("http://127.0.0.1:" + port + "/metrics"));

    assertTrue(probe.kind().isEmpty());
    assertTrue(probe.whyNot().startsWith("nothing answers there"), probe.whyNot());
  }
}
