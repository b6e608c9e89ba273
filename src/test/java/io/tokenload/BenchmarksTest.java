package io.tokenload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The JMH benchmarks under {@code src/jmh/java} compile, JMH's annotation processor generated them
 * into {@code META-INF/BenchmarkList}, and one runs end to end. Tagged {@code benchmark}; the run
 * takes about a second ({@code mvn test -DexcludedGroups=benchmark} leaves it out).
 */
@Tag("benchmark")
class BenchmarksTest {

  @Test
  void everyBenchmarkIsGeneratedIntoTheBenchmarkList() {
    Set<String> methods = new TreeSet<>();
    for (BenchmarkListEntry e : BenchmarkList.defaultList().getAll(silent(), List.of())) {
      methods.add(e.getUsername());
    }

    assertTrue(
        methods.containsAll(
            List.of(
                "io.tokenload.stream.StreamDecodingBenchmark.recordRequest",
                "io.tokenload.stream.ChunkParseBenchmark.parse",
                "io.tokenload.report.HistogramRecordBenchmark.recordValue",
                "io.tokenload.report.HistogramRecordBenchmark.recordNanos",
                "io.tokenload.local.LlamaBenchmark.prefill",
                "io.tokenload.local.LlamaBenchmark.decode",
                "io.tokenload.local.SimulatedBackendBenchmark.recorded",
                "io.tokenload.local.SimulatedBackendBenchmark.discarded")),
        "generated: " + methods);
  }

  @Test
  void chunkParseRunsForOneShortIteration() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("io.tokenload.stream.ChunkParseBenchmark.parse")
            .param("contentWords", "16")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

    // Only that it runs matters here, so another JMH on the machine (holding /tmp/jmh.lock) is no
    // reason to fail.
    String ignoreLock = System.setProperty("jmh.ignoreLock", "true");
    Collection<RunResult> results;
    try {
      results = new Runner(options).run();
    } finally {
      if (ignoreLock == null) {
        System.clearProperty("jmh.ignoreLock");
      } else {
        System.setProperty("jmh.ignoreLock", ignoreLock);
      }
    }

    assertEquals(1, results.size());
    double nanosPerParse = results.iterator().next().getPrimaryResult().getScore();
    assertTrue(nanosPerParse > 0 && nanosPerParse < 1_000_000, "ns per parse: " + nanosPerParse);
  }

  private static OutputFormat silent() {
    return OutputFormatFactory.createFormatInstance(
        new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
  }
}
