package io.tokenload.gatling;

import io.netty.channel.EventLoopGroup;
import io.tokenload.priority.StolenTime;
import io.tokenload.report.ClientHealth;
import io.tokenload.transport.LoopLagProbe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Watches the client's event loops during a run ({@link LoopLagProbe}) and writes what it saw as
 * {@code client.json}. The probe runs from the first request, so that its own start (class loading,
 * the JIT) happens in the warm-up, and counts from the start of the measured load: start-up and
 * warm-up do not count against the client's health.
 */
final class ClientWatch {

  private static final long PROBE_PERIOD_MS = 10;

  private volatile EventLoopGroup loops;
  private volatile LoopLagProbe probe;
  private volatile boolean measuring;
  private volatile StolenTime.Reading measuredFrom;

  /**
   * The loops to watch: Gatling's, known when the first action builds the client, before any
   * request. Their priority and CPUs are set now ({@link LoopPriority}), so that the tools doing it
   * have run before the load, warm-up included, begins.
   */
  void watch(EventLoopGroup clientLoops) {
    loops = clientLoops;
    LoopPriority.favour(clientLoops);
    // The measured load's start reads the host's time on an event loop: its code loads here.
    StolenTime.now();
  }

  void warmupRecorded() {
    if (probe == null) {
      start();
    }
  }

  /**
   * The measured load begins: the probe counts from here. Called as a cell's first user starts,
   * before its first request, so that the first measured end finds nothing to do here.
   */
  void measuredStarting() {
    if (!measuring) {
      startMeasuring();
    }
  }

  /** A fallback for a probe that could not start before (no loops known yet). */
  void measuredRecorded() {
    measuredStarting();
  }

  private synchronized void startMeasuring() {
    if (!measuring) {
      start();
      if (probe != null) {
        probe.reset();
        measuredFrom = StolenTime.now().orElse(null);
        measuring = true;
      }
    }
  }

  private synchronized void start() {
    if (probe == null && loops != null) {
      probe = LoopLagProbe.start(loops, PROBE_PERIOD_MS);
      LoopPriority.again();
    }
  }

  private StolenTime.Stolen stolenSinceMeasuring() {
    StolenTime.Reading from = measuredFrom;
    StolenTime.Reading to = StolenTime.now().orElse(null);
    return from == null || to == null ? null : to.since(from);
  }

  /** Stops the probe and writes {@code client.json}; nothing when no request ran. */
  void stopAndWrite(Path runDir) {
    if (probe != null) {
      try {
        ClientHealth.of(PROBE_PERIOD_MS, probe.stop(), stolenSinceMeasuring()).write(runDir);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "writing " + ClientHealth.FILE + " to " + runDir + " failed", e);
      }
    }
  }
}
