package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How faithfully the client stamps arrivals, in one cell: for every token chunk, the time tokenload
 * measured its arrival minus the time the target wrote it, on the same clock ({@code
 * System.nanoTime()}: the same JVM's, or on Linux another process's {@code CLOCK_MONOTONIC}).
 * Written to {@code fidelity.json} ({@link Report}); see {@code docs/performance.md}.
 *
 * @param cell the run's cell
 * @param streams concurrent streams of the cell
 * @param chunks chunks compared
 * @param earlier chunks measured before the target's post-write stamp (the client read the bytes
 *     before the target's thread took its time; counted as 0)
 * @param unmatched chunks of successful requests that had no write time (not in the target's log)
 * @param firstTokenMs measured minus written, first token chunk of each request
 * @param laterTokensMs measured minus written, every later token chunk
 * @param gapErrorMs how far each measured inter-token gap is from the written one, either way
 *     (|measured gap − written gap|), every later token chunk
 */
public record Fidelity(
    String cell,
    int streams,
    long chunks,
    long earlier,
    long unmatched,
    @JsonProperty("first_token_ms") Summary.Distribution firstTokenMs,
    @JsonProperty("later_tokens_ms") Summary.Distribution laterTokensMs,
    @JsonProperty("gap_error_ms") Summary.Distribution gapErrorMs) {

  public static final String FILE = "fidelity.json";

  /**
   * {@code fidelity.json}: every cell's figures and where the write times came from.
   *
   * @param writeTimes {@code in-process} (the embedded target's listener) or the target's write log
   */
  public record Report(@JsonProperty("write_times") String writeTimes, List<Fidelity> cells) {

    public void write(Path runDir) throws IOException {
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(runDir.resolve(FILE).toFile(), this);
    }
  }

  /** The cell's figures as a few lines of a table, in ms. */
  public List<String> describe() {
    return List.of(
        String.format(
            "%s: %d streams, %,d chunks compared (%,d without a write time, %,d read before the"
                + " write's stamp)",
            cell, streams, chunks, unmatched, earlier),
        String.format("  %-38s %8s %8s %8s", "measured - written, ms", "p50", "p99", "max"),
        row("first token", firstTokenMs),
        row("later tokens", laterTokensMs),
        row("inter-token gap, |measured - written|", gapErrorMs));
  }

  private static String row(String name, Summary.Distribution d) {
    return String.format("  %-38s %8s %8s %8s", name, ms(d.p50()), ms(d.p99()), ms(d.max()));
  }

  private static String ms(Double v) {
    return v == null ? "-" : String.format("%.3f", v);
  }

  /** Accumulates one cell's comparison one record at a time. */
  public static final class Builder {
    private final Map<String, long[]> writtenNanos;
    private final long runStartNanos;
    private final LatencyHistogram first = new LatencyHistogram();
    private final LatencyHistogram later = new LatencyHistogram();
    private final LatencyHistogram gaps = new LatencyHistogram();
    private long chunks;
    private long earlier;
    private long unmatched;

    /**
     * @param writtenNanos per request id (the {@code X-Request-Id} sent, else the response id), the
     *     target's {@code System.nanoTime()} after writing each token chunk, 0 where unknown
     * @param runStartNanos the run's time origin, which the records' offsets count from
     */
    public Builder(Map<String, long[]> writtenNanos, long runStartNanos) {
      this.writtenNanos = writtenNanos;
      this.runStartNanos = runStartNanos;
    }

    public void add(RequestRecord r) {
      if (!r.ok()) {
        return;
      }
      long[] written = writtenNanos.get(r.requestId());
      if (written == null && r.responseId() != null) {
        written = writtenNanos.get(r.responseId());
      }
      long[] arrived = r.chunkNanos();
      if (written == null) {
        unmatched += arrived.length;
        return;
      }
      long sent = runStartNanos + r.sentNanos();
      for (int i = 0; i < arrived.length; i++) {
        if (i >= written.length || written[i] == 0) {
          unmatched++;
          continue;
        }
        long delta = sent + arrived[i] - written[i];
        if (delta < 0) {
          earlier++;
        }
        (i == 0 ? first : later).recordNanos(Math.max(0, delta));
        if (i > 0 && written[i - 1] != 0) {
          gaps.recordNanos(Math.abs((arrived[i] - arrived[i - 1]) - (written[i] - written[i - 1])));
        }
        chunks++;
      }
    }

    public Fidelity build(String cell, int streams) {
      return new Fidelity(
          cell,
          streams,
          chunks,
          earlier,
          unmatched,
          Summary.Distribution.of(first),
          Summary.Distribution.of(later),
          Summary.Distribution.of(gaps));
    }
  }
}
