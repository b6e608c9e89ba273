package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObserveSettingsTest {

  @Test
  void metricsDefaultToTheBaseUrlsHostEvenForAFullEndpointUrl() {
    ObserveSettings s = ObserveSettings.from(new Props(Map.of()));
    assertEquals(
        URI.create("http://10.0.0.1:8000/metrics"),
        s.metricsUrlFor(URI.create("http://10.0.0.1:8000/v1/chat/completions")));
    assertEquals(1000, s.metricsPeriod().toMillis());
  }

  @Test
  void noneSwitchesScrapingOff() {
    assertTrue(ObserveSettings.from(new Props(Map.of("metrics.url", "none"))).metricsOff());
  }

  @Test
  void aMetricsUrlThatIsNotHttpIsRefusedNamingTheProperty() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ObserveSettings.from(new Props(Map.of("metrics.url", "ftp://x/metrics"))));
    assertTrue(
        e.getMessage().startsWith("-Dmetrics.url=ftp://x/metrics is not allowed"), e.getMessage());
  }

  @Test
  void aMetricsPeriodBelowFiftyMillisecondsIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ObserveSettings.from(new Props(Map.of("metrics.period.ms", "5"))));
    assertTrue(e.getMessage().contains("from 50 to 60000"), e.getMessage());
  }
}
