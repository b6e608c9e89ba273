package io.tokenload.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ArrivalsTest {

  private static double[] gapStats(long[] at) {
    double sum = 0;
    double sq = 0;
    int n = at.length - 1;
    for (int i = 1; i < at.length; i++) {
      double g = (at[i] - at[i - 1]) / 1e9;
      sum += g;
      sq += g * g;
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(sq / n - mean * mean)};
  }

  @Test
  void poissonGapsHaveTheMeanAndSpreadOfTheRate() {
    long[] at = Arrivals.schedule(20_001, 4.0, 1.0, 9);
    double[] s = gapStats(at);
    assertEquals(0, at[0]);
    assertEquals(0.25, s[0], 0.01, "mean gap at 4 requests/s");
    assertEquals(0.25, s[1], 0.015, "an exponential gap's deviation equals its mean");
  }

  @Test
  void burstinessKeepsTheRateAndChangesTheSpread() {
    double[] bursty = gapStats(Arrivals.schedule(20_001, 4.0, 0.25, 9));
    double[] regular = gapStats(Arrivals.schedule(20_001, 4.0, 4.0, 9));
    assertEquals(0.25, bursty[0], 0.015);
    assertEquals(0.25, regular[0], 0.01);
    // Gamma(shape k): deviation = mean / sqrt(k).
    assertEquals(0.5, bursty[1], 0.05);
    assertEquals(0.125, regular[1], 0.01);
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndArrivalsNeverGoBack() {
    long[] a = Arrivals.schedule(500, 10, 1, 1);
    assertArrayEquals(a, Arrivals.schedule(500, 10, 1, 1));
    for (int i = 1; i < a.length; i++) {
      assertTrue(a[i] >= a[i - 1]);
    }
  }

  @Test
  void burstinessZeroIsTheSeedsRequestRateOneRequestEveryOneOverRateSeconds() {
    assertArrayEquals(
        new long[] {0, 500_000_000, 1_000_000_000, 1_500_000_000}, Arrivals.schedule(4, 2, 0, 1));
  }

  @Test
  void aRequestRateBelowOneTenthSendsEverythingAtOnce() {
    assertArrayEquals(new long[] {0, 0, 0}, Arrivals.schedule(3, 0.05, 0, 1));
  }
}
