package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare} with confidence intervals: regressions only outside the noise; fair warnings. */
class ComparisonNoiseTest {

  @TempDir Path dir;

  private Path run(String name, double ttftP50, double lo, double hi, int completed, String target)
      throws IOException {
    Path run = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        run.resolve("summary.json"),
        ("{'cells':[{'name':'c','input_tokens':8,'output_tokens':8,'concurrency':2,'completed':%d,"
                + "'failed':0,'latency':{'ttft_ms':{'p50':%s,'p99':%s}}}],"
                + "'confidence':[{'cell':'c','ttft_ms':{'p50':{'ci95':[%s,%s]}}}]}")
            .formatted(completed, ttftP50, ttftP50, lo, hi)
            .replace('\'', '"'));
    Files.writeString(
        run.resolve("run.json"),
        "{\"target\":\"%s\",\"model\":\"m\",\"api\":\"chat\",\"flavour\":\"vllm\",\"tokenizer\":\"words\"}"
            .formatted(target));
    return run;
  }

  private Comparison.Change ttftP50(Comparison.Result r) {
    return r.changes().stream()
        .filter(c -> c.metric().equals("TTFT p50 ms"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aChangeInsideOverlappingIntervalsIsWithinNoiseNotARegression() throws IOException {
    var r =
        Comparison.of(
            run("a", 100, 90, 112, 50, "embedded"), run("b", 110, 98, 125, 50, "embedded"), 5);
    Comparison.Change c = ttftP50(r);
    assertFalse(c.regression());
    assertTrue(c.withinNoise());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
  }

  @Test
  void aChangeOutsideBothIntervalsIsARegression() throws IOException {
    var r =
        Comparison.of(
            run("a", 100, 95, 105, 50, "embedded"), run("b", 130, 120, 140, 50, "embedded"), 5);
    assertTrue(ttftP50(r).regression());
  }

  @Test
  void runsOfAnotherTargetOrSampleSizeAreWarnedAbout() throws IOException {
    var r =
        Comparison.of(
            run("a", 100, 95, 105, 50, "embedded"), run("b", 100, 95, 105, 20, "http://h:1"), 5);
    assertEquals(2, r.warnings().size(), r.warnings().toString());
    assertTrue(
        r.warnings().get(0).startsWith("the runs differ in target"), r.warnings().toString());
    assertTrue(
        r.warnings().get(1).contains("samples of other sizes: A 50"), r.warnings().toString());
  }
}
