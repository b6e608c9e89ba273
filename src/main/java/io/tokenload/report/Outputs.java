package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tokenload.workload.CellSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The contract files of one set of requests (a cell, or the whole run), written into one folder:
 * {@code latency_p99.json}, {@code throughput_rps.json}, {@code ttft.json}, {@code itl.json},
 * {@code tpot.json}, {@code e2e_latency.json}, {@code goodput.json} (when SLOs are set) and, for a
 * cell, {@code vllm_result.json}. Fields: {@code docs/reports.md}.
 */
final class Outputs {

  static final String TTFT_FILE = "ttft.json";
  static final String ITL_FILE = "itl.json";
  static final String TPOT_FILE = "tpot.json";
  static final String E2E_FILE = "e2e_latency.json";
  static final String GOODPUT_FILE = "goodput.json";
  static final String VLLM_FILE = "vllm_result.json";

  /** Per-cell outputs live in {@code cells/<cell>/} of the run folder. */
  static final String CELLS_DIR = "cells";

  /** Every contract file name, in the order the index page lists them. */
  static final List<String> CONTRACT_FILES =
      List.of(
          RunReport.LATENCY_FILE,
          RunReport.THROUGHPUT_FILE,
          TTFT_FILE,
          ITL_FILE,
          TPOT_FILE,
          E2E_FILE,
          GOODPUT_FILE,
          VLLM_FILE);

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Outputs() {}

  /** The run's own contract files, in the run folder. */
  static void writeRun(Path runDir, CellStats all, int concurrency) throws IOException {
    writeCommon(runDir, all, concurrency);
  }

  /** One cell's contract files and {@code vllm_result.json}, in {@code cells/<cell>/}. */
  static void writeCell(Path runDir, String name, CellSpec spec, CellStats s, RunInfo info)
      throws IOException {
    Path dir = cellDir(runDir, name);
    Files.createDirectories(dir);
    writeCommon(dir, s, spec == null ? 0 : spec.concurrency());
    JSON.writeValue(dir.resolve(VLLM_FILE).toFile(), VllmResult.of(info, spec, s));
  }

  static Path cellDir(Path runDir, String cell) {
    return runDir.resolve(CELLS_DIR).resolve(safe(cell));
  }

  /** A cell name as a folder name: anything but letters, digits, '.', '-' and '_' becomes '_'. */
  static String safe(String cell) {
    String s = cell.replaceAll("[^A-Za-z0-9._-]", "_");
    return s.isEmpty() || s.startsWith(".") ? "_" + s : s;
  }

  private static void writeCommon(Path dir, CellStats s, int concurrency) throws IOException {
    JSON.writeValue(
        dir.resolve(RunReport.LATENCY_FILE).toFile(), Contracts.LatencyP99.of(s.e2e, s.failed));
    JSON.writeValue(
        dir.resolve(RunReport.THROUGHPUT_FILE).toFile(),
        Contracts.ThroughputRps.of(s, concurrency));
    JSON.writeValue(
        dir.resolve(TTFT_FILE).toFile(),
        Contracts.Indicator.of("ttft", "time_to_first_token", s.ttft, s));
    JSON.writeValue(
        dir.resolve(ITL_FILE).toFile(),
        Contracts.Indicator.of("itl", "inter_token_latency_per_token", s.itl, s));
    JSON.writeValue(
        dir.resolve(TPOT_FILE).toFile(),
        Contracts.Indicator.of("tpot", "time_per_output_token", s.tpot, s));
    JSON.writeValue(
        dir.resolve(E2E_FILE).toFile(),
        Contracts.Indicator.of("e2e_latency", "e2e_latency", s.e2e, s));
    Path goodput = dir.resolve(GOODPUT_FILE);
    if (s.slo().isSet()) {
      JSON.writeValue(goodput.toFile(), Contracts.Goodput.of(s, s.slo()));
    } else {
      Files.deleteIfExists(goodput);
    }
  }
}
