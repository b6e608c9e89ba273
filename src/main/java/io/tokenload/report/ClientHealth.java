package io.tokenload.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.priority.StolenTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * {@code client.json}: how late the load generator's event loops ran their work during the run,
 * from a probe that asks each loop to run every {@code probe_period_ms}. Lateness over a
 * millisecond at p99 means the client stamped and sent late: the numbers then describe the client
 * as much as the server. On a virtual machine, also the CPU time its host took during the measured
 * load ({@link StolenTime}): the loops stopped then without knowing it.
 *
 * @param cpuStolenMs the host's CPU time over the measured load, summed over the machine's CPUs;
 *     null where the kernel counts none (not Linux) or nothing was measured
 * @param cpuStolenShare that time over the measured load's length times the number of CPUs
 */
public record ClientHealth(
    @JsonProperty("probe_period_ms") double probePeriodMs,
    @JsonProperty("event_loop_lag_ms") Summary.Distribution eventLoopLagMs,
    boolean saturated,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("cpu_stolen_ms") Long cpuStolenMs,
    @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("cpu_stolen_share")
        Double cpuStolenShare) {

  public static final String FILE = "client.json";

  /**
   * Past this share of the CPU time taken by the host, the stalls it caused may reach the p99 of
   * what was stamped: every token arriving while a CPU was taken is stamped late.
   */
  public static final double STOLEN_SHARE_LIMIT = 0.01;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * From the probe's lateness histogram, in microseconds, and what the host took meanwhile (null
   * when not known).
   */
  public static ClientHealth of(
      double probePeriodMs, Histogram lateMicros, StolenTime.Stolen stolen) {
    LatencyHistogram h = LatencyHistogram.ofMicros(lateMicros);
    return new ClientHealth(
        probePeriodMs,
        Summary.Distribution.of(h),
        h.percentileMs(99) > Summary.CLIENT_LAG_LIMIT_MS,
        stolen == null ? null : stolen.millis(),
        stolen == null ? null : Math.round(stolen.share() * 1e6) / 1e6);
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
