package io.tokenload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What makes two runs unfair to compare, as warnings: another target or model, other settings (API,
 * flavour, tokenizer, a cell's lengths or load), or samples of other sizes (a cell's completed
 * requests differing by more than {@value #SAMPLE_SIZE_PCT} %).
 */
final class ComparisonWarnings {

  static final double SAMPLE_SIZE_PCT = 10;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SETTINGS =
      List.of("target", "model", "api", "flavour", "tokenizer", "targetSettings");

  private ComparisonWarnings() {}

  static List<String> of(
      Path runA, Path runB, Map<String, JsonNode> cellsA, Map<String, JsonNode> cellsB)
      throws IOException {
    List<String> out = new ArrayList<>();
    JsonNode infoA = info(runA);
    JsonNode infoB = info(runB);
    if (infoA != null && infoB != null) {
      for (String field : SETTINGS) {
        JsonNode a = infoA.path(field);
        JsonNode b = infoB.path(field);
        if (!Objects.equals(a, b)) {
          out.add("the runs differ in " + field + ": A " + a + ", B " + b);
        }
      }
    }
    if (cellsA.keySet().stream().noneMatch(cellsB::containsKey)) {
      out.add(
          "the runs share no cell: another matrix, or another repeat count (repeated cells are"
              + " named <cell>-rep1 …); nothing is compared");
    }
    for (Map.Entry<String, JsonNode> e : cellsA.entrySet()) {
      JsonNode b = cellsB.get(e.getKey());
      if (b == null) {
        continue;
      }
      JsonNode a = e.getValue();
      for (String field : List.of("input_tokens", "output_tokens", "concurrency")) {
        if (!a.path(field).equals(b.path(field))) {
          out.add(
              "cell "
                  + e.getKey()
                  + " differs in "
                  + field
                  + ": A "
                  + a.path(field)
                  + ", B "
                  + b.path(field));
        }
      }
      long na = a.path("completed").asLong();
      long nb = b.path("completed").asLong();
      if (Math.abs(na - nb) > SAMPLE_SIZE_PCT / 100 * Math.max(na, nb)) {
        out.add(
            "cell "
                + e.getKey()
                + " has samples of other sizes: A "
                + na
                + " completed requests, B "
                + nb
                + "; its percentiles are not equally sure");
      }
    }
    return out;
  }

  private static JsonNode info(Path runDir) throws IOException {
    Path file = runDir.resolve(RunInfo.FILE);
    return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
  }
}
