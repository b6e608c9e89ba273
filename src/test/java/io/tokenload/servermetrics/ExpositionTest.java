package io.tokenload.servermetrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpositionTest {

  private static final String VLLM =
      """
      # HELP vllm:num_requests_waiting Requests waiting.
      # TYPE vllm:num_requests_waiting gauge
      vllm:num_requests_waiting{engine="0",model_name="m"} 3.0
      vllm:num_requests_waiting{engine="1",model_name="m"} 2.0
      vllm:num_requests_running{model_name="m"} 7
      vllm:gpu_cache_usage_perc{model_name="m"} 0.25
      vllm:generation_tokens_total{model_name="m"} 1200
      vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} 2.0
      vllm:time_to_first_token_seconds_bucket{le="1.0",model_name="m"} 6.0
      vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} 8.0
      vllm:time_to_first_token_seconds_sum{model_name="m"} 4.0
      vllm:time_to_first_token_seconds_count{model_name="m"} 8.0
      """;

  @Test
  void sumsASeriesOverItsLabelSets() {
    Scrape s = Exposition.parse(VLLM);
    assertEquals(5.0, s.sum(Selector.of("vllm:num_requests_waiting")));
    assertEquals(0, s.skippedLines());
  }

  @Test
  void readsVllmRolesFallingBackToTheOldKvCacheName() {
    Scrape s = Exposition.parse(VLLM);
    assertEquals(ServerKind.VLLM, ServerKind.detect(s));
    Reading r = ServerKind.VLLM.read(s, 10);
    assertEquals(Map.of("running", 7.0, "waiting", 5.0, "kv_cache_usage", 0.25), r.gauges());
    assertEquals(1200.0, r.counters().get("generation_tokens"));
  }

  @Test
  void histogramPercentilesInterpolateInsideBuckets() {
    Buckets b = Exposition.parse(VLLM).histogram(Selector.of("vllm:time_to_first_token_seconds"));
    assertEquals(List.of(2.0, 6.0, 8.0), b.counts());
    assertEquals(0.5, b.mean());
    assertEquals(0.1 + 0.9 * (4 - 2) / 4.0, b.percentile(50), 1e-9);
    assertEquals(1.0, b.percentile(99), "past the last finite bound it is that bound");
  }

  @Test
  void aHistogramDeltaIsWhatWasObservedBetweenTwoScrapes() {
    Buckets before =
        new Buckets(java.util.Arrays.asList(0.1, 1.0, null), List.of(1.0, 2.0, 2.0), 0.5, 2);
    Buckets after =
        new Buckets(java.util.Arrays.asList(0.1, 1.0, null), List.of(1.0, 5.0, 6.0), 4.5, 6);
    Buckets delta = after.minus(before);
    assertEquals(List.of(0.0, 3.0, 4.0), delta.counts());
    assertEquals(1.0, delta.mean());
  }

  @Test
  void tritonMillisecondHistogramsAreReadInSeconds() {
    Scrape s =
        Exposition.parse(
            """
            nv_inference_pending_request_count{model="llm",version="1"} 4
            nv_inference_first_response_histogram_ms_bucket{model="llm",le="100"} 3
            nv_inference_first_response_histogram_ms_bucket{model="llm",le="+Inf"} 4
            nv_inference_first_response_histogram_ms_sum{model="llm"} 400
            nv_inference_first_response_histogram_ms_count{model="llm"} 4
            """);
    assertEquals(ServerKind.TRITON, ServerKind.detect(s));
    Reading r = ServerKind.TRITON.read(s, 0);
    assertEquals(4.0, r.gauges().get("waiting"));
    assertEquals(0.1, r.histograms().get("ttft").mean(), 1e-9);
  }

  @Test
  void sglangAndTgiAreRecognisedByTheirOwnNames() {
    assertEquals(
        ServerKind.SGLANG, ServerKind.detect(Exposition.parse("sglang:num_queue_reqs 2\n")));
    assertEquals(ServerKind.TGI, ServerKind.detect(Exposition.parse("tgi_queue_size 0\n")));
    assertNull(ServerKind.detect(Exposition.parse("process_cpu_seconds_total 3\n")));
  }

  @Test
  void escapedLabelValuesAreUnescaped() {
    Sample s = Exposition.sample("m{a=\"x\\\"y\\\\z\\n\",} 1");
    assertEquals("x\"y\\z\n", s.labels().get("a"));
  }

  @Test
  void specialValuesTimestampsAndExemplarsAreRead() {
    assertTrue(Double.isNaN(Exposition.sample("m NaN").value()));
    assertEquals(Double.POSITIVE_INFINITY, Exposition.sample("m +Inf").value());
    assertEquals(2.0, Exposition.sample("m 2 1700000000000").value());
    assertEquals(3.0, Exposition.sample("m_bucket{le=\"1\"} 3 # {trace_id=\"a\"} 0.5").value());
  }

  @Test
  void anUnterminatedLabelValueSkipsOnlyItsLine() {
    Scrape s = Exposition.parse("a{x=\"oops} 1\nb 2\n");
    assertEquals(1, s.skippedLines());
    assertEquals(2.0, s.sum(Selector.of("b")));
  }

  @Test
  void aValueThatIsNotANumberSkipsOnlyItsLine() {
    Scrape s = Exposition.parse("a one\nb 2\n");
    assertEquals(1, s.skippedLines());
    assertEquals(1, s.samples().size());
  }

  @Test
  void aLineWithTooManyFieldsIsSkipped() {
    assertNull(Exposition.sample("a 1 2 3"));
  }

  @Test
  void readingStopsAtOpenMetricsEof() {
    assertEquals(1, Exposition.parse("a 1\n# EOF\nb 2\n").samples().size());
  }
}
