package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.tokenload.metrics.LengthTally;
import io.tokenload.metrics.Slo;
import io.tokenload.servermetrics.ServerCell;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.DoubleHistogram;

/** {@code summary.json}: every cell's numbers, and what could not be read. */
record Summary(
    @JsonProperty("schema_version") int schemaVersion,
    @JsonProperty("run_id") String runId,
    String target,
    String model,
    Slo slo,
    @JsonInclude(JsonInclude.Include.NON_NULL) ClientHealth client,
    @JsonProperty("percentile_method") String percentileMethod,
    CellSummary run,
    List<CellSummary> cells,
    List<RecordReader.Skipped> skipped,
    List<String> notes,
    String source,
    @JsonInclude(JsonInclude.Include.NON_NULL) GatlingView.Check gatling,
    @JsonInclude(JsonInclude.Include.NON_NULL) MergedShards shards,
    boolean complete,
    @JsonProperty("missing_cross_checks") List<String> missingCrossChecks,
    RunVerdict verdict,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Confidence.Cell> confidence) {

  /** Plain words about the run as a whole. */
  static List<String> runNotes(ClientHealth client, List<RecordReader.Skipped> skipped) {
    List<String> notes = new ArrayList<>();
    if (client != null && client.saturated()) {
      notes.add(
          String.format(
              "The load generator's event loops were saturated: work ran up to %.3f ms late (p99)."
                  + " Arrival times were stamped late by up to that much; run fewer users per"
                  + " machine or spread the load over more machines.",
              client.eventLoopLagMs().p99()));
    }
    if (client != null
        && client.cpuStolenShare() != null
        && client.cpuStolenShare() > ClientHealth.STOLEN_SHARE_LIMIT) {
      notes.add(
          String.format(
              Locale.ROOT,
              "The host took %.1f %% of this machine's CPU time during the measured load (%d ms):"
                  + " the client stopped meanwhile without knowing it, and what arrived then was"
                  + " stamped late. Run on a machine whose CPUs are its own.",
              100 * client.cpuStolenShare(),
              client.cpuStolenMs()));
    }
    if (!skipped.isEmpty()) {
      notes.add(skipped.size() + " damaged record lines were skipped; see skipped.");
    }
    return notes;
  }

  /** Send lag p99 above this means the load generator, not the server, set the pace. */
  static final double CLIENT_LAG_LIMIT_MS = 1.0;

  /**
   * A distribution: latencies in milliseconds, rates in their own unit. With no sample ({@code
   * count} 0) every statistic is null: nothing was measured, which 0 would hide.
   */
  public record Distribution(
      long count,
      Double mean,
      Double p50,
      Double p90,
      Double p99,
      @JsonProperty("p99_9") Double p999,
      Double max) {

    static Distribution of(LatencyHistogram h) {
      return new Distribution(
          h.count(),
          h.sampledMeanMs(),
          h.sampledPercentileMs(50),
          h.sampledPercentileMs(90),
          h.sampledPercentileMs(99),
          h.sampledPercentileMs(99.9),
          h.sampledMaxMs());
    }

    static Distribution of(DoubleHistogram h) {
      if (h.getTotalCount() == 0) {
        return new Distribution(0, null, null, null, null, null, null);
      }
      return new Distribution(
          h.getTotalCount(),
          Contracts.round(h.getMean()),
          Contracts.round(h.getValueAtPercentile(50)),
          Contracts.round(h.getValueAtPercentile(90)),
          Contracts.round(h.getValueAtPercentile(99)),
          Contracts.round(h.getValueAtPercentile(99.9)),
          Contracts.round(h.getMaxValue()));
    }
  }

  /** Rates per second of the cell's duration; null when nothing was sent. */
  record Throughput(
      @JsonProperty("requests_per_s") Double requestsPerS,
      @JsonProperty("output_tokens_per_s") Double outputTokensPerS,
      @JsonProperty("total_tokens_per_s") Double totalTokensPerS,
      @JsonProperty("peak_output_tokens_per_s") Double peakOutputTokensPerS,
      @JsonProperty("peak_concurrency") int peakConcurrency,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("goodput_per_s") Double goodputPerS,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("good_requests")
          Long goodRequests) {}

  record Latency(
      @JsonProperty("ttft_ms") Distribution ttftMs,
      @JsonProperty("first_answer_ms") Distribution firstAnswerMs,
      @JsonProperty("itl_ms") Distribution itlMs,
      @JsonProperty("chunk_gap_ms") Distribution chunkGapMs,
      @JsonProperty("tpot_ms") Distribution tpotMs,
      @JsonProperty("e2e_ms") Distribution e2eMs,
      @JsonProperty("request_output_tokens_per_s") Distribution requestOutputTokensPerS) {}

  /** The load generator's own timing: how late requests left, and latency from the schedule. */
  record Client(
      @JsonProperty("send_lag_ms") Distribution sendLagMs,
      @JsonProperty("ttft_from_intended_ms") Distribution ttftFromIntendedMs,
      @JsonProperty("e2e_from_intended_ms") Distribution e2eFromIntendedMs,
      boolean limited) {}

  /**
   * Token counts, and the asked lengths against the server's own counts ({@code usage}): {@code
   * input_lengths} and {@code output_lengths} tally checked, exact, mismatched and unreported
   * requests, asked and achieved totals, and the furthest-off request; {@code prefix_cache} the
   * server's reported prefix-cache hits, left out when no request reported them.
   */
  record Tokens(
      long input,
      long output,
      @JsonProperty("prompt_length_mismatches") long promptLengthMismatches,
      @JsonProperty("output_length_mismatches") long outputLengthMismatches,
      @JsonProperty("input_lengths") LengthTally.Tally inputLengths,
      @JsonProperty("output_lengths") LengthTally.Tally outputLengths,
      @JsonProperty("token_sources") Map<String, Long> tokenSources,
      @JsonProperty("tokens_per_chunk") Map<Integer, Long> tokensPerChunk,
      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("prefix_cache")
          PrefixCacheTally prefixCache) {}

  /**
   * One cell (or the whole run, {@code all}).
   *
   * @param plannedRequests requests the cell was to send (a time-bounded cell: at most this many)
   * @param complete whether the cell ran to its end ({@link RunProgress#complete})
   * @param errors failed requests per error kind ({@link ErrorKinds})
   * @param errorExamples one message of each kind, as written
   * @param retries attempts that failed and were sent again ({@code retry}); the requests' other
   *     figures count from their first attempt
   */
  record CellSummary(
      String name,
      @JsonProperty("input_tokens") int inputTokens,
      @JsonProperty("output_tokens") int outputTokens,
      int concurrency,
      @JsonProperty("planned_requests") int plannedRequests,
      boolean complete,
      long completed,
      long failed,
      @JsonProperty("duration_s") Double durationS,
      Throughput throughput,
      Latency latency,
      Client client,
      Tokens tokens,
      Map<String, Long> errors,
      @JsonProperty("error_examples") Map<String, String> errorExamples,
      long retries,
      List<String> notes,
      @JsonInclude(JsonInclude.Include.NON_NULL) ServerCell server,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Validity.Line> validity) {

    /** This cell with the server's view of it ({@link ServerCell}) and its validity checks. */
    CellSummary observed(ServerCell server, List<Validity.Line> validity) {
      return new CellSummary(
          name,
          inputTokens,
          outputTokens,
          concurrency,
          plannedRequests,
          complete,
          completed,
          failed,
          durationS,
          throughput,
          latency,
          client,
          tokens,
          errors,
          errorExamples,
          retries,
          notes,
          server,
          List.copyOf(validity));
    }

    /**
     * The summary of {@code s}, a set of requests that was to hold {@code plannedRequests}
     * requests.
     */
    static CellSummary of(
        String name,
        int in,
        int out,
        int concurrency,
        int plannedRequests,
        boolean complete,
        CellStats s,
        Slo slo) {
      Client client =
          new Client(
              Distribution.of(s.sendLag),
              Distribution.of(s.ttftFromIntended),
              Distribution.of(s.e2eFromIntended),
              s.sendLag.percentileMs(99) > CLIENT_LAG_LIMIT_MS);
      return new CellSummary(
          name,
          in,
          out,
          concurrency,
          plannedRequests,
          complete,
          s.completed,
          s.failed,
          s.measuredDurationSeconds(),
          new Throughput(
              s.measuredPerSecond(s.completed),
              s.measuredPerSecond(s.outputTokens),
              s.measuredPerSecond(s.inputTokens + s.outputTokens),
              s.peakOutputTokensPerSecond(),
              s.timeline.peakConcurrency(),
              slo.isSet() ? s.measuredPerSecond(s.good) : null,
              slo.isSet() ? s.good : null),
          new Latency(
              Distribution.of(s.ttft),
              Distribution.of(s.firstAnswer),
              Distribution.of(s.itl),
              Distribution.of(s.chunkGap),
              Distribution.of(s.tpot),
              Distribution.of(s.e2e),
              Distribution.of(s.requestOutputTokensPerSecond)),
          client,
          new Tokens(
              s.inputTokens,
              s.outputTokens,
              s.lengths.input().mismatched(),
              s.lengths.output().mismatched(),
              s.lengths.input(),
              s.lengths.output(),
              s.tokenSources,
              s.tokensPerChunk,
              s.prefixCache.orNull()),
          s.errors.counts(),
          s.errors.examples(),
          s.retries,
          notes(s, client, plannedRequests, complete),
          null,
          List.of());
    }

    /**
     * The loud warning for requests whose output tokens were counted one per chunk (no usage, no
     * tokenizer), if any: their token numbers are chunk numbers.
     */
    static Optional<String> chunkCounting(CellStats s) {
      Long byChunks = s.tokenSources.get("chunks");
      return byChunks == null
          ? Optional.empty()
          : Optional.of(
              "WARNING: "
                  + byChunks
                  + " requests had their output tokens counted ONE PER CHUNK (token_sources):"
                  + " the server sent no usage and no tokenizer counted the text, so their token"
                  + " counts, ITL, TPOT and tokens/s are in chunks, not tokens; give the model's"
                  + " tokenizer (-Dtokenizer) or a server that reports usage.");
    }

    /** Plain words for what a reader must not miss. */
    private static List<String> notes(
        CellStats s, Client client, int plannedRequests, boolean complete) {
      List<String> notes = new ArrayList<>();
      long recorded = s.completed + s.failed;
      if (!complete) {
        notes.add(
            recorded == 0
                ? "Not run: none of its "
                    + plannedRequests
                    + " planned requests was recorded (the run was cut before this cell)."
                : "Incomplete: "
                    + recorded
                    + " of "
                    + plannedRequests
                    + " planned requests were recorded; the run was cut in this cell, so its"
                    + " numbers describe only part of it.");
      }
      if (client.limited()) {
        notes.add(
            String.format(
                "The load generator was the limit: requests left up to %.3f ms (p99) after their"
                    + " scheduled time (in a closed model, after the user's previous response"
                    + " ended), over the %.0f ms allowed. Latency from the schedule is in"
                    + " client.*_from_intended_ms. Give the client room: more warm-up requests (a"
                    + " cold JVM turns requests around slowly), fewer users per machine or more"
                    + " machines, a target on another machine (the embedded one shares this one).",
                s.sendLag.percentileMs(99), CLIENT_LAG_LIMIT_MS));
      }
      if (s.lengths.input().mismatched() > 0) {
        notes.add(
            s.lengths.input().mismatched()
                + " requests were not given the asked input length by the server's own count"
                + " (usage.prompt_tokens).");
      }
      if (s.lengths.output().mismatched() > 0) {
        notes.add(
            s.lengths.output().mismatched()
                + " requests did not produce the asked output length; the server may ignore"
                + " ignore_eos (try -Dflavour=vllm) or cap max_tokens.");
      }
      chunkCounting(s).ifPresent(notes::add);
      if (s.failed > 0) {
        notes.add(s.failed + " requests failed; see errors.");
      }
      if (recorded > 0 && !s.peakMeaningful()) {
        notes.add(
            String.format(
                "Shorter than the %.0f s window of peak output tokens/s: its peak is not"
                    + " meaningful (null); see output_tokens_per_s for the mean.",
                Timeline.PEAK_WINDOW_SECONDS));
      }
      return notes;
    }
  }
}
