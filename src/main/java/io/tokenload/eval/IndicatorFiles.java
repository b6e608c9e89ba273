package io.tokenload.eval;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes an indicator's files: the contract ({@code accuracy_f1.json}) and, beside it, one JSON
 * line per sample ({@code accuracy_f1.samples.jsonl}): what was asked, what came back, the
 * references and the score. Samples never hold an API key: requests' headers are not in them.
 */
public final class IndicatorFiles {

  public static final String SAMPLES_SUFFIX = ".samples.jsonl";

  private static final ObjectMapper PRETTY =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
  private static final ObjectWriter LINE =
      JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build().writer();

  private IndicatorFiles() {}

  /** {@code dir/name.json} → {@code dir/name.samples.jsonl}. */
  public static Path samplesOf(Path contract) {
    String name = contract.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    return contract.resolveSibling(stem + SAMPLES_SUFFIX);
  }

  /** Writes the contract and its samples; returns the samples file. */
  public static Path write(Path contract, Object value, List<?> samples) throws IOException {
    Path parent = contract.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    PRETTY.writeValue(contract.toFile(), value);
    Path samplesFile = samplesOf(contract);
    writeSamples(samplesFile, samples);
    return samplesFile;
  }

  /** One JSON line per sample. */
  public static void writeSamples(Path file, List<?> samples) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Object sample : samples) {
        LINE.writeValue(out, sample);
        out.write('\n');
      }
    }
  }

  /** Three decimals, as the load contracts round. */
  public static double round(double v) {
    return Math.round(v * 1000.0) / 1000.0;
  }
}
