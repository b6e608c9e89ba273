package io.tokenload.servermetrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes a server's Prometheus endpoint every {@code period} during a run and appends each {@link
 * Reading} to {@value #FILE} as it is taken, so a killed run keeps what was seen.
 *
 * <p>Threading: one daemon thread of its own, with a JDK HTTP client, never the client's event
 * loops, so the load's timestamps are not disturbed; at one scrape a second its cost is a few
 * milliseconds of one thread.
 */
public final class MetricsScraper implements AutoCloseable {

  /** The run folder's file of readings, one JSON line each. */
  public static final String FILE = "server_metrics.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(5);

  private final URI url;
  private final HttpClient http;
  private final Duration timeout;
  private final long originNanos;
  private final BufferedWriter out;
  private final ScheduledExecutorService thread;
  private ServerKind kind;
  private boolean closed;

  private MetricsScraper(URI url, Duration period, Path runDir, long originNanos)
      throws IOException {
    this.url = url;
    this.http = HttpClient.newBuilder().connectTimeout(MAX_TIMEOUT).build();
    this.timeout = period.compareTo(MAX_TIMEOUT) < 0 ? MAX_TIMEOUT : period;
    this.originNanos = originNanos;
    this.out =
        Files.newBufferedWriter(
            runDir.resolve(FILE),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "tokenload-metrics");
              t.setDaemon(true);
              return t;
            });
    long periodNanos = period.toNanos();
    thread.scheduleAtFixedRate(this::scrapeOnce, 0, periodNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Starts scraping {@code url} into {@code runDir}; times are offsets from {@code originNanos}, a
   * {@code System.nanoTime()}.
   */
  public static MetricsScraper start(URI url, Duration period, Path runDir, long originNanos)
      throws IOException {
    return new MetricsScraper(url, period, runDir, originNanos);
  }

  /**
   * Whether {@code url} answers with series tokenload knows: the kind it found, or empty with why
   * not.
   */
  public static Probe probe(URI url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(MAX_TIMEOUT).build();
    try {
      Scrape scrape = Exposition.parse(get(http, url, MAX_TIMEOUT));
      ServerKind kind = ServerKind.detect(scrape);
      return kind == null
          ? new Probe(Optional.empty(), "it holds none of the vLLM, SGLang, TGI or Triton series")
          : new Probe(Optional.of(kind), "");
    } catch (IOException e) {
      return new Probe(Optional.empty(), why(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(Optional.empty(), "interrupted");
    }
  }

  /** A failed request in words: Java's HTTP client gives a refused connection no message. */
  private static String why(IOException e) {
    if (e instanceof ConnectException) {
      return "nothing answers there: "
          + (e.getMessage() == null ? "connection refused" : e.getMessage());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** What {@link #probe} found. */
  public record Probe(Optional<ServerKind> kind, String whyNot) {}

  private static String get(HttpClient http, URI url, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("HTTP " + response.statusCode() + " from " + url);
    }
    return response.body();
  }

  private synchronized void scrapeOnce() {
    if (closed) {
      return;
    }
    double tMs = (System.nanoTime() - originNanos) / 1e6;
    Reading reading;
    try {
      Scrape scrape = Exposition.parse(get(http, url, timeout));
      if (kind == null) {
        kind = ServerKind.detect(scrape);
      }
      reading =
          kind == null
              ? Reading.failed(tMs, "no known series at " + url)
              : kind.read(scrape, Math.round(tMs * 1000) / 1000.0);
    } catch (IOException e) {
      reading = Reading.failed(tMs, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      out.write(JSON.writeValueAsString(reading));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + FILE + " failed", e);
    }
  }

  /** Takes a last reading, so the last cell has an end, and stops. */
  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(MAX_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scrapeOnce();
    synchronized (this) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing " + FILE + " failed", e);
      }
    }
  }
}
