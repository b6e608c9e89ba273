package io.tokenload.report;

import io.tokenload.metrics.RequestRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fixed-size uniform sample of a cell's requests (reservoir sampling, seeded, so the same records
 * give the same sample) for the page's request timeline: each as {@code [sent_s, first_token_s,
 * end_s, ok]} on the run's clock, {@code first_token_s} null when there was none.
 */
final class RequestSample {

  static final int SIZE = 300;

  private final List<Double[]> kept = new ArrayList<>();
  private final SplittableRandom random = new SplittableRandom(1);
  private long seen;

  void add(RequestRecord r) {
    seen++;
    if (kept.size() < SIZE) {
      kept.add(row(r));
      return;
    }
    long slot = random.nextLong(seen);
    if (slot < SIZE) {
      kept.set((int) slot, row(r));
    }
  }

  List<Double[]> rows() {
    List<Double[]> sorted = new ArrayList<>(kept);
    sorted.sort((a, b) -> Double.compare(a[0], b[0]));
    return sorted;
  }

  private static Double[] row(RequestRecord r) {
    double sent = r.sentNanos() / 1e9;
    return new Double[] {
      Contracts.round(sent),
      r.firstTokenNanos() < 0 ? null : Contracts.round(sent + r.firstTokenNanos() / 1e9),
      Contracts.round(sent + Math.max(0, r.endNanos()) / 1e9),
      r.ok() ? 1.0 : 0.0
    };
  }
}
