package io.tokenload.gatling;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Optional;

/**
 * How a run watches the server and reports while it runs, read from system properties.
 *
 * <pre>
 * metrics.url        the server's Prometheus endpoint; empty: the base URL's /metrics, used when it
 *                    answers with known series; none: no scraping
 * metrics.period.ms  time between scrapes (default 1000, 50 to 60000)
 * progress.period.s  time between live progress lines inside a cell (default 5, 0 = none)
 * </pre>
 *
 * @param metricsUrl the endpoint given, empty when none was
 * @param metricsOff whether {@code metrics.url=none}
 */
public record ObserveSettings(
    Optional<URI> metricsUrl, boolean metricsOff, Duration metricsPeriod, Duration progressPeriod) {

  private static final String URL_ALLOWED =
      "an http:// or https:// URL such as http://127.0.0.1:8000/metrics, or none";

  public static ObserveSettings from(Props p) {
    String raw = p.string("metrics.url", "");
    boolean off = raw.equalsIgnoreCase("none");
    return new ObserveSettings(
        off || raw.isEmpty() ? Optional.empty() : Optional.of(url(raw)),
        off,
        Duration.ofMillis(p.integer("metrics.period.ms", 1000, 50, 60_000)),
        Duration.ofMillis(Math.round(p.decimal("progress.period.s", 5, 0, 3600) * 1000)));
  }

  /**
   * Where to scrape for a server at {@code base}: the URL given, else {@code /metrics} beside it.
   */
  URI metricsUrlFor(URI base) {
    return metricsUrl.orElseGet(() -> base.resolve("/metrics"));
  }

  private static URI url(String raw) {
    try {
      URI uri = new URI(raw);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw Props.invalid("metrics.url", raw, URL_ALLOWED);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw Props.invalid("metrics.url", raw, URL_ALLOWED);
    }
  }
}
