package io.tokenload.servermetrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own view of one cell, from the scrapes around it: the {@code server} section of a
 * cell in {@code summary.json}. Counters and histograms are deltas from the last scrape at or
 * before the cell's first send to the first scrape at or after its last response; gauges are
 * summarised and kept as a time series over the same scrapes. Its resolution is the scrape period:
 * a neighbouring cell's edge can fall inside a delta.
 *
 * @param kind the server's kind, such as {@code vllm}
 * @param scrapes the readings the section is made of
 * @param counters how much each counter grew during the cell
 * @param gauges each gauge's mean and maximum over the scrapes
 * @param series the gauges over time: {@code t_ms} (from the run's origin) and one list per gauge
 * @param ttftMs the server's time to first token, from its histogram's delta (mean exact,
 *     percentiles interpolated inside buckets)
 * @param queueTimeMs the server's queue time, from its histogram's delta
 * @param clientTtftMeanMs the client's mean TTFT over the same cell
 * @param ttftDifferenceMs the client's mean TTFT minus the server's: time outside the engine (HTTP,
 *     network, the client itself)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServerCell(
    String kind,
    int scrapes,
    Map<String, Double> counters,
    Map<String, GaugeStats> gauges,
    Map<String, List<Double>> series,
    @JsonProperty("ttft_ms") Latency ttftMs,
    @JsonProperty("queue_time_ms") Latency queueTimeMs,
    @JsonProperty("client_ttft_mean_ms") Double clientTtftMeanMs,
    @JsonProperty("ttft_difference_ms") Double ttftDifferenceMs) {

  /** A gauge over the cell's scrapes. */
  public record GaugeStats(Double mean, Double max) {}

  /** A latency from a histogram delta, in milliseconds; null statistics when nothing was seen. */
  public record Latency(long count, Double mean, Double p50, Double p99) {
    static Latency of(Buckets b) {
      if (b == null) {
        return null;
      }
      return new Latency(
          Math.round(b.count()), ms(b.mean()), ms(b.percentile(50)), ms(b.percentile(99)));
    }
  }

  /**
   * The section for the cell that ran from {@code startMs} to {@code endMs} (the run's clock), or
   * null when no reading covers it.
   */
  public static ServerCell of(
      List<Reading> readings, double startMs, double endMs, Double clientTtftMeanMs) {
    List<Reading> ok = readings.stream().filter(Reading::ok).toList();
    int first = -1;
    int last = -1;
    for (int i = 0; i < ok.size(); i++) {
      double t = ok.get(i).tMs();
      if (t <= startMs || first < 0 && t <= endMs) {
        first = i;
      }
      if (last < 0 && t >= endMs) {
        last = i;
      }
    }
    if (first < 0) {
      return null;
    }
    if (last < 0) {
      last = ok.size() - 1;
    }
    List<Reading> window = ok.subList(first, Math.max(first, last) + 1);
    Reading begin = window.get(0);
    Reading end = window.get(window.size() - 1);
    Map<String, Double> counters = new LinkedHashMap<>();
    end.counters()
        .forEach(
            (role, v) -> {
              Double was = begin.counters().get(role);
              counters.put(role, was == null ? null : round(Math.max(0, v - was)));
            });
    Buckets ttft = delta(begin, end, "ttft");
    Latency serverTtft = Latency.of(ttft);
    Double difference =
        clientTtftMeanMs == null || serverTtft == null || serverTtft.mean() == null
            ? null
            : round(clientTtftMeanMs - serverTtft.mean());
    return new ServerCell(
        end.kind() == null ? null : end.kind().toLowerCase(java.util.Locale.ROOT),
        window.size(),
        counters,
        gauges(window),
        series(window),
        serverTtft,
        Latency.of(delta(begin, end, "queue_time")),
        clientTtftMeanMs,
        difference);
  }

  private static Buckets delta(Reading begin, Reading end, String role) {
    Buckets b = end.histograms().get(role);
    // One reading has no delta: it holds everything since the server started.
    return b == null || begin == end ? null : b.minus(begin.histograms().get(role));
  }

  private static Map<String, GaugeStats> gauges(List<Reading> window) {
    Map<String, GaugeStats> out = new LinkedHashMap<>();
    for (String role : window.get(window.size() - 1).gauges().keySet()) {
      double sum = 0;
      double max = Double.NEGATIVE_INFINITY;
      int n = 0;
      for (Reading r : window) {
        Double v = r.gauges().get(role);
        if (v != null) {
          sum += v;
          max = Math.max(max, v);
          n++;
        }
      }
      out.put(
          role, n == 0 ? new GaugeStats(null, null) : new GaugeStats(round(sum / n), round(max)));
    }
    return out;
  }

  private static Map<String, List<Double>> series(List<Reading> window) {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    List<Double> t = new ArrayList<>();
    window.forEach(r -> t.add(round(r.tMs())));
    out.put("t_ms", t);
    for (String role : window.get(window.size() - 1).gauges().keySet()) {
      List<Double> values = new ArrayList<>();
      window.forEach(r -> values.add(r.gauges().get(role)));
      out.put(role, values);
    }
    return out;
  }

  private static Double ms(Double seconds) {
    return seconds == null ? null : round(seconds * 1000);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
