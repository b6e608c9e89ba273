package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/** Percentiles, bootstrap intervals and the cells repeated runs share. */
class ConfidenceTest {

  @Test
  void percentilesInterpolateBetweenClosestRanks() {
    double[] v = {10, 20, 30, 40, 50};
    assertEquals(30, Confidence.percentile(v, 50));
    assertEquals(49.6, Confidence.percentile(v, 99), 1e-9);
  }

  @Test
  void theIntervalHoldsTheSamplesPercentileAndIsReproducible() {
    SplittableRandom r = new SplittableRandom(3);
    double[] sample =
        DoubleStream.generate(() -> 100 + 20 * r.nextDouble()).limit(400).sorted().toArray();
    List<Double> ci = Confidence.interval(sample, 50, 7);
    double median = Confidence.percentile(sample, 50);
    assertTrue(ci.get(0) <= median && median <= ci.get(1), ci + " around " + median);
    assertTrue(ci.get(1) - ci.get(0) < 5, "400 requests pin a median within a few ms: " + ci);
    assertEquals(ci, Confidence.interval(sample, 50, 7));
  }

  @Test
  void aLargeSampleUsesOrderStatisticsAroundTheSamePercentile() {
    double[] sample = DoubleStream.iterate(0, x -> x + 1).limit(50_000).toArray();
    List<Double> ci = Confidence.interval(sample, 99, 1);
    assertTrue(
        ci.get(0) < 49_500 && ci.get(1) > 49_500 && ci.get(1) - ci.get(0) < 100, ci.toString());
  }

  @Test
  void repeatedCellsShareTheirBaseName() {
    assertEquals("in8-out8-c2", Confidence.baseCell("in8-out8-c2-rep3"));
    assertEquals("in8-out8-c2", Confidence.baseCell("in8-out8-c2"));
  }
}
