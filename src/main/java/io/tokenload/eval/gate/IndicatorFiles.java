package io.tokenload.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds indicator contracts: every {@code *.json} of a folder (not its sub-folders) whose top level
 * has a string {@code indicator}; other JSON files ({@code summary.json}, {@code run.json}) and
 * merged reports are passed over. A merged report ({@code merged.json}) given as a file yields the
 * contracts it holds.
 */
final class IndicatorFiles {

  /** One contract and the file it came from. */
  record Found(String file, JsonNode contract) {
    String indicator() {
      return contract.get("indicator").textValue();
    }
  }

  static final String MERGED_LIST = "indicators";
  private static final ObjectMapper JSON = new ObjectMapper();

  private IndicatorFiles() {}

  static List<Found> read(Path path) {
    if (Files.isRegularFile(path)) {
      JsonNode node = json(path);
      if (node.path(MERGED_LIST).isArray()) {
        List<Found> found = new ArrayList<>();
        for (JsonNode entry : node.get(MERGED_LIST)) {
          if (entry.path("indicator").isTextual()) {
            found.add(new Found(entry.path("file").asText(path.toString()), entry));
          }
        }
        return found;
      }
      if (!node.path("indicator").isTextual()) {
        throw new EvalException(path + ": has no \"indicator\" field; not an indicator contract");
      }
      return List.of(new Found(path.getFileName().toString(), node));
    }
    if (!Files.isDirectory(path)) {
      throw new EvalException(path + " is neither a folder of indicator files nor a merged report");
    }
    List<Found> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(path)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode node = json(f);
        if (node.path("indicator").isTextual()) {
          found.add(new Found(f.getFileName().toString(), node));
        }
      }
    } catch (IOException e) {
      throw new EvalException(path + " cannot be listed: " + e.getMessage(), e);
    }
    return found;
  }

  private static JsonNode json(Path f) {
    try {
      JsonNode node = JSON.readTree(f.toFile());
      if (node == null) {
        throw new EvalException(f + ": is empty; expected a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw new EvalException(
          f + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
  }
}
