package io.tokenload.simulator;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides each generation request's fault: the one its {@value #HEADER} header asks for ({@code
 * none} for none), else one drawn at the configured rates. Draw {@code n} (counting requests
 * without the header, in the order the server takes them up) is a hash of the seed and {@code n},
 * so the same seed and order give the same faults. Thread-safe.
 */
final class FaultDraw {

  static final String HEADER = "X-Tokenload-Fault";
  static final String NONE = "none";

  private static final long SALT = 0x5851F42D4C957F2DL;

  private final List<FaultRate> rates;
  private final long seed;
  private final AtomicLong draws = new AtomicLong();

  FaultDraw(List<FaultRate> rates, long seed) {
    this.rates = List.copyOf(rates);
    this.seed = seed;
  }

  /**
   * The fault for one request, or null for none.
   *
   * @param header the request's {@value #HEADER} value, null when absent
   * @throws ApiError 400 naming the header when its value is not a fault
   */
  Fault choose(String header) {
    if (header != null) {
      String spec = header.trim();
      if (spec.equals(NONE)) {
        return null;
      }
      try {
        return Fault.parse(spec);
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(
            HEADER,
            "invalid_fault",
            "The " + HEADER + " header is not a fault: " + e.getMessage() + " (or none)");
      }
    }
    if (rates.isEmpty()) {
      return null;
    }
    long n = draws.getAndIncrement();
    double u = (OutputPlan.mix(seed ^ SALT ^ OutputPlan.mix(n)) >>> 11) * 0x1.0p-53;
    for (FaultRate rate : rates) {
      u -= rate.probability();
      if (u < 0) {
        return rate.fault();
      }
    }
    return null;
  }
}
