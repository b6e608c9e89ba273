package io.tokenload.gatling;

import io.tokenload.servermetrics.MetricsScraper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * Starts scraping the server's metrics for a run, or explains why not: a {@code -Dmetrics.url} that
 * does not answer with known series is a user error before any load; the default {@code /metrics}
 * beside the base URL is used only when it answers.
 */
final class ServerWatch {

  private ServerWatch() {}

  /** The scraper, or null when there is nothing to scrape. */
  static MetricsScraper start(ObserveSettings settings, URI base, Path runDir, long originNanos)
      throws IOException {
    if (settings.metricsOff()) {
      return null;
    }
    URI url = settings.metricsUrlFor(base);
    MetricsScraper.Probe probe = MetricsScraper.probe(url);
    if (probe.kind().isEmpty()) {
      if (settings.metricsUrl().isPresent()) {
        throw new IllegalArgumentException(
            "-Dmetrics.url="
                + url
                + " is not allowed: it does not answer with Prometheus metrics of vLLM, SGLang,"
                + " TGI or Triton ("
                + probe.whyNot()
                + "); give the server's metrics endpoint, or none");
      }
      System.out.println(
          "tokenload: no server metrics: "
              + url
              + " did not answer with known series ("
              + probe.whyNot()
              + "); set -Dmetrics.url to scrape elsewhere");
      return null;
    }
    System.out.println(
        "tokenload: scraping "
            + probe.kind().get().label()
            + " metrics at "
            + url
            + " every "
            + settings.metricsPeriod().toMillis()
            + " ms into "
            + MetricsScraper.FILE);
    return MetricsScraper.start(url, settings.metricsPeriod(), runDir, originNanos);
  }
}
