package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * {@code client.json}: how late the load generator's event loops ran their work during the run,
 * from a probe that asks each loop to run every {@code probe_period_ms}. Lateness over a
 * millisecond at p99 means the client stamped and sent late: the numbers then describe the client
 * as much as the server.
 */
public record ClientHealth(
    @JsonProperty("probe_period_ms") double probePeriodMs,
    @JsonProperty("event_loop_lag_ms") Summary.Distribution eventLoopLagMs,
    boolean saturated) {

  public static final String FILE = "client.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** From the probe's lateness histogram, in microseconds. */
  public static ClientHealth of(double probePeriodMs, Histogram lateMicros) {
    LatencyHistogram h = LatencyHistogram.ofMicros(lateMicros);
    return new ClientHealth(
        probePeriodMs,
        Summary.Distribution.of(h),
        h.percentileMs(99) > Summary.CLIENT_LAG_LIMIT_MS);
  }

  public void write(Path runDir) throws IOException {
    JSON.writeValue(runDir.resolve(FILE).toFile(), this);
  }

  public static Optional<ClientHealth> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), ClientHealth.class))
        : Optional.empty();
  }
}
