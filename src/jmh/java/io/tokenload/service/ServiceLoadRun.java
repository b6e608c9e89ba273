package io.tokenload.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Load on the service while a task runs: {@code clients} clients each follow the task's event
 * stream and poll its status once a second, until the task ends. Prints how the service answered
 * (poll latency, errors, events each follower saw, how long after the task's end each follower
 * heard of it). Compare the task's own results with a run of the same body without this load to see
 * whether the service's work disturbed the run ({@code docs/performance.md}).
 *
 * <pre>
 * export TOKENLOAD_API_TOKEN=...
 * java -cp "$CP" io.tokenload.service.ServiceLoadRun http://127.0.0.1:18500 TASK_ID 200
 * </pre>
 */
public final class ServiceLoadRun {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ServiceLoadRun() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    long task = Long.parseLong(args[1]);
    int clients = Integer.parseInt(args[2]);
    String token = System.getenv("TOKENLOAD_API_TOKEN");
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(8))
            .build();
    Histogram pollMicros = new ConcurrentHistogram(60_000_000L, 3);
    Histogram endHeardMicros = new ConcurrentHistogram(60_000_000L, 3);
    AtomicLong pollErrors = new AtomicLong();
    java.util.Map<String, Long> errorKinds = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicLong streamErrors = new AtomicLong();
    AtomicLong minEvents = new AtomicLong(Long.MAX_VALUE);
    AtomicLong maxEvents = new AtomicLong();
    long[] endNanos = {0};
    CountDownLatch followersDone = new CountDownLatch(clients);
    ExecutorService followers = Executors.newFixedThreadPool(clients);
    for (int i = 0; i < clients; i++) {
      followers.submit(
          () -> {
            long events = 0;
            try {
              HttpResponse<Stream<String>> r =
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create(base + "/api/performance-eval/tasks/" + task + "/events"))
                          .header("Authorization", "Bearer " + token)
                          .header("Accept", "text/event-stream")
                          .build(),
                      HttpResponse.BodyHandlers.ofLines());
              try (Stream<String> lines = r.body()) {
                for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                  String line = it.next();
                  if (line.startsWith("event: ")) {
                    events++;
                  } else if (line.startsWith("data: ")
                      && line.matches(".*\"status\":\"(completed|failed|cancelled)\".*")) {
                    endHeard(endNanos, endHeardMicros);
                    break;
                  }
                }
              }
            } catch (Exception e) {
              streamErrors.incrementAndGet();
            } finally {
              minEvents.accumulateAndGet(events, Math::min);
              maxEvents.accumulateAndGet(events, Math::max);
              followersDone.countDown();
            }
            return null;
          });
    }
    ScheduledExecutorService pollers = Executors.newScheduledThreadPool(16);
    CountDownLatch ended = new CountDownLatch(1);
    HttpRequest poll =
        HttpRequest.newBuilder(URI.create(base + "/api/performance-eval/tasks/" + task))
            .header("Authorization", "Bearer " + token)
            .timeout(Duration.ofSeconds(30))
            .build();
    for (int i = 0; i < clients; i++) {
      pollers.scheduleAtFixedRate(
          () -> {
            long start = System.nanoTime();
            try {
              HttpResponse<String> r = http.send(poll, HttpResponse.BodyHandlers.ofString());
              pollMicros.recordValue((System.nanoTime() - start) / 1000);
              if (r.statusCode() != 200) {
                pollErrors.incrementAndGet();
                errorKinds.merge("HTTP " + r.statusCode(), 1L, Long::sum);
              } else if (JSON.readTree(r.body())
                  .path("status")
                  .asText()
                  .matches("completed|failed|cancelled")) {
                ended.countDown();
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt(); // a poll in flight when the task ended
            } catch (Exception e) {
              pollErrors.incrementAndGet();
              errorKinds.merge(e.getClass().getSimpleName() + ": " + e.getMessage(), 1L, Long::sum);
            }
          },
          ThreadLocalRandom.current().nextLong(1000),
          1000,
          TimeUnit.MILLISECONDS);
    }
    ended.await();
    pollers.shutdownNow();
    followersDone.await(60, TimeUnit.SECONDS);
    followers.shutdownNow();
    ObjectNode out = JSON.createObjectNode();
    out.put("clients", clients);
    out.put("polls", pollMicros.getTotalCount());
    out.put("poll_errors", pollErrors.get());
    out.set("poll_error_kinds", JSON.valueToTree(errorKinds));
    out.put("poll_p50_ms", pollMicros.getValueAtPercentile(50) / 1000.0);
    out.put("poll_p99_ms", pollMicros.getValueAtPercentile(99) / 1000.0);
    out.put("poll_max_ms", pollMicros.getMaxValue() / 1000.0);
    out.put("stream_errors", streamErrors.get());
    out.put("events_per_follower_min", minEvents.get());
    out.put("events_per_follower_max", maxEvents.get());
    out.put("followers_heard_end", endHeardMicros.getTotalCount());
    out.put("end_heard_spread_ms", endHeardMicros.getMaxValue() / 1000.0);
    JsonNode t = JSON.readTree(http.send(poll, HttpResponse.BodyHandlers.ofString()).body());
    out.put("task_status", t.path("status").asText());
    System.out.println(JSON.writeValueAsString(out));
    System.exit(0);
  }

  /** The first follower to hear the end sets the clock; the others are measured from it. */
  private static synchronized void endHeard(long[] first, Histogram spread) {
    long now = System.nanoTime();
    if (first[0] == 0) {
      first[0] = now;
    }
    spread.recordValue((now - first[0]) / 1000);
  }
}
