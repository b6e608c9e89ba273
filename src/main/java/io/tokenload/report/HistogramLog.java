package io.tokenload.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a run's latency histograms in HdrHistogram's log format ({@code histograms.hlog}), one
 * tagged histogram per cell and metric ({@code in128-out128-c8/ttft}), in microseconds. Logs from
 * several machines add up exactly, tag by tag, with {@code HistogramLogReader}: the percentiles of
 * a merged run are those of all its requests, not an average of percentiles.
 */
final class HistogramLog {

  static final String FILE = "histograms.hlog";

  private HistogramLog() {}

  static void write(Path runDir, Map<String, CellStats> cells) throws IOException {
    try (PrintStream out =
        new PrintStream(
            Files.newOutputStream(runDir.resolve(FILE)), false, StandardCharsets.UTF_8)) {
      HistogramLogWriter log = new HistogramLogWriter(out);
      log.outputComment("tokenload latency histograms, values in microseconds, tag = cell/metric");
      log.outputLogFormatVersion();
      log.outputLegend();
      for (Map.Entry<String, CellStats> cell : cells.entrySet()) {
        CellStats s = cell.getValue();
        output(log, cell.getKey() + "/ttft", s.ttft);
        output(log, cell.getKey() + "/itl", s.itl);
        output(log, cell.getKey() + "/tpot", s.tpot);
        output(log, cell.getKey() + "/e2e", s.e2e);
        output(log, cell.getKey() + "/send_lag", s.sendLag);
      }
    }
  }

  private static void output(HistogramLogWriter log, String tag, LatencyHistogram h) {
    Histogram copy = h.raw().copy();
    copy.setTag(tag);
    log.outputIntervalHistogram(copy);
  }
}
