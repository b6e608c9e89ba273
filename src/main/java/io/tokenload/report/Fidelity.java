package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.metrics.RequestRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * How faithfully the client stamps arrivals: for every token chunk, the time tokenload measured its
 * arrival minus the time the embedded target wrote it (same process, same clock). Written as {@code
 * fidelity.json} by the fidelity benchmark; see {@code docs/performance.md}.
 *
 * @param streams concurrent streams of the run
 * @param chunks chunks compared
 * @param earlier chunks measured before the target's post-write stamp (the client thread read the
 *     bytes before the target's thread took its time; counted as 0)
 * @param firstTokenMs measured minus written, first token chunk of each request
 * @param laterTokensMs measured minus written, every later token chunk
 */
public record Fidelity(
    int streams,
    long chunks,
    long earlier,
    @JsonProperty("first_token_ms") Summary.Distribution firstTokenMs,
    @JsonProperty("later_tokens_ms") Summary.Distribution laterTokensMs) {

  public static final String FILE = "fidelity.json";

  /** Accumulates the comparison one record at a time. */
  public static final class Builder {
    private final Map<String, long[]> writtenNanos;
    private final long runStartNanos;
    private final LatencyHistogram first = new LatencyHistogram();
    private final LatencyHistogram later = new LatencyHistogram();
    private long chunks;
    private long earlier;

    /**
     * @param writtenNanos per request id, the target's {@code System.nanoTime()} after writing each
     *     token chunk
     * @param runStartNanos the run's time origin, which the records' offsets count from
     */
    public Builder(Map<String, long[]> writtenNanos, long runStartNanos) {
      this.writtenNanos = writtenNanos;
      this.runStartNanos = runStartNanos;
    }

    public void add(RequestRecord r) {
      long[] written = writtenNanos.get(r.requestId());
      if (written == null || !r.ok()) {
        return;
      }
      long sent = runStartNanos + r.sentNanos();
      long[] arrived = r.chunkNanos();
      for (int i = 0; i < Math.min(arrived.length, written.length); i++) {
        if (written[i] == 0) {
          continue;
        }
        long delta = sent + arrived[i] - written[i];
        if (delta < 0) {
          earlier++;
        }
        (i == 0 ? first : later).recordNanos(Math.max(0, delta));
        chunks++;
      }
    }

    public Fidelity build(int streams) {
      return new Fidelity(
          streams, chunks, earlier, Summary.Distribution.of(first), Summary.Distribution.of(later));
    }
  }

  public void write(Path runDir) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(runDir.resolve(FILE).toFile(), this);
  }
}
