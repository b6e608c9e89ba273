package io.tokenload.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tokenload.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a model matrix: a YAML or JSON list of {@link ModelRow}s, or an object with a {@code
 * models} list. Every mistake is one message naming the file, the row (number and name) and the
 * field, before anything runs.
 */
public final class ModelMatrix {

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ModelMatrix() {}

  /** The rows of {@code file}, checked. */
  public static List<ModelRow> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file
              + " does not exist; model matrices live in simulations/models/, such as"
              + " simulations/models/local.yaml");
    }
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file
              + ": not valid YAML or JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    JsonNode list = root != null && root.isObject() ? root.get("models") : root;
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new IllegalArgumentException(
          file
              + ": expected a non-empty list of rows {name, backend, base_url, model, key_env,"
              + " params} (or an object with such a 'models' list)");
    }
    List<ModelRow> rows = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      ModelRow row = row(file, i, list.get(i));
      if (!names.add(row.name())) {
        throw new IllegalArgumentException(where(file, i, row.name()) + "the name is used twice");
      }
      rows.add(row);
    }
    return rows;
  }

  private static ModelRow row(Path file, int index, JsonNode node) {
    String name = node != null && node.hasNonNull("name") ? node.get("name").asText() : null;
    ModelRow row;
    try {
      row = YAML.treeToValue(node, ModelRow.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          where(file, index, name)
              + e.getPropertyName()
              + " is not a known field; allowed:"
              + " name, backend, base_url, model, key_env, params");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          where(file, index, name) + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    List<String> problems = row.problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(where(file, index, name) + String.join("; ", problems));
    }
    try {
      Backends.named(row.backend(), "backend");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where(file, index, name) + e.getMessage());
    }
    return row;
  }

  private static String where(Path file, int index, String name) {
    return file + ": row " + (index + 1) + (name == null ? "" : " (" + name + ")") + ": ";
  }
}
