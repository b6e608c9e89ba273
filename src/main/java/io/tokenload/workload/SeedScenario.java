package io.tokenload.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Seed 002's batch format: a scenario ({@code model_id}, {@code dataset_id}, {@code
 * num_prompts_list}, {@code max_concurrency_list}, {@code input_output_pairs}, {@code name}, {@code
 * description}) as the service's request body, or a whole {@code batch_test_config.json} ({@code
 * api_config}, {@code test_scenarios}, {@code monitoring}) of which one scenario is chosen. Either
 * becomes a run definition ({@code docs/run-definitions.md}) of a closed load, its lists paired by
 * {@link LoadPairing}, its target the registry's entry for {@code model_id}.
 */
public final class SeedScenario {

  /** The scenario a batch file runs when none is named, as the seed's script does. */
  public static final String DEFAULT_SCENARIO = "run_1k_4K_equivalent";

  /** {@code dataset_id} of the built-in synthetic prompts, the only dataset so far. */
  public static final int SYNTHETIC_DATASET = -1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FILE_FIELDS =
      Set.of("api_config", "test_scenarios", "monitoring");
  private static final Set<String> FIELDS =
      Set.of(
          "name",
          "description",
          "model_id",
          "dataset_id",
          "num_prompts_list",
          "max_concurrency_list",
          "input_output_pairs");
  private static final int MAX_TOKENS = 1_000_000;

  private SeedScenario() {}

  /** A validated scenario and the run definition it becomes. */
  public record Scenario(
      String name,
      String description,
      int modelId,
      int datasetId,
      LoadPairing pairing,
      List<int[]> inputOutput,
      ObjectNode definition) {

    /** The run definition, validated as a definition file is; {@code where} names the source. */
    public RunDefinition runDefinition(Path where) {
      return DefinitionReader.parse(where, definition);
    }
  }

  /** Whether {@code root} is in the seed's format rather than a run definition. */
  public static boolean isSeedFormat(JsonNode root) {
    return root.isObject() && (root.has("test_scenarios") || root.has("num_prompts_list"));
  }

  /**
   * The scenario named {@code scenario} (null: {@link #DEFAULT_SCENARIO}, or the only one) of a
   * batch file, or {@code root} itself when it is a single scenario.
   */
  public static JsonNode select(Path file, JsonNode root, String scenario) {
    if (!root.has("test_scenarios")) {
      return root;
    }
    new JsonFields(file, "", root).only(FILE_FIELDS);
    JsonNode all = root.get("test_scenarios");
    if (!all.isObject() || all.isEmpty()) {
      throw new IllegalArgumentException(
          file + ": test_scenarios must be an object of named scenarios, such as quick_test");
    }
    List<String> names = new ArrayList<>();
    all.fieldNames().forEachRemaining(names::add);
    String chosen = scenario;
    if (chosen == null) {
      chosen = all.has(DEFAULT_SCENARIO) || names.size() > 1 ? DEFAULT_SCENARIO : names.get(0);
    }
    if (!all.has(chosen)) {
      throw new IllegalArgumentException(
          file
              + ": test_scenarios has no scenario '"
              + chosen
              + "'; allowed: "
              + String.join(", ", names));
    }
    ObjectNode picked = ((ObjectNode) all.get(chosen)).deepCopy();
    if (!picked.has("name")) {
      picked.put("name", chosen);
    }
    return picked;
  }

  /** Validates one scenario; {@code where} names its source in errors (a file, "request body"). */
  public static Scenario parse(Path where, JsonNode scenario, ModelRegistry registry) {
    JsonFields s = new JsonFields(where, "", scenario).only(FIELDS);
    int modelId = s.integer("model_id", Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (!s.has("model_id")) {
      throw s.error("model_id", "is missing", "one of the registry's ids: " + registry.ids());
    }
    ModelRegistry.Model model =
        registry
            .find(modelId)
            .orElseThrow(
                () ->
                    s.error(
                        "model_id",
                        "was " + modelId,
                        "one of the ids of " + registry.file() + ": " + registry.ids()));
    int datasetId =
        s.integer("dataset_id", SYNTHETIC_DATASET, Integer.MIN_VALUE, Integer.MAX_VALUE);
    if (datasetId != SYNTHETIC_DATASET) {
      throw s.error(
          "dataset_id",
          "was " + datasetId,
          SYNTHETIC_DATASET + " (the built-in synthetic prompts)");
    }
    LoadPairing pairing =
        LoadPairing.of(
            s.integers("num_prompts_list", 1, 10_000_000),
            s.integers("max_concurrency_list", 1, 100_000),
            where.toString());
    List<int[]> pairs = new ArrayList<>();
    List<JsonNode> items = s.array("input_output_pairs");
    for (int i = 0; i < items.size(); i++) {
      JsonNode p = items.get(i);
      String at = "input_output_pairs[" + i + "]";
      if (!p.isArray() || p.size() != 2) {
        throw s.error(at, "was " + p, "a pair [input_tokens, output_tokens] such as [128, 128]");
      }
      pairs.add(
          new int[] {
            s.integer(p.get(0), at + "[0]", 1, MAX_TOKENS),
            s.integer(p.get(1), at + "[1]", 1, MAX_TOKENS)
          });
    }
    String name = s.string("name", "batch");
    String description = s.string("description", "");
    return new Scenario(
        name,
        description,
        modelId,
        datasetId,
        pairing,
        pairs,
        definition(name, description, model, pairing, pairs));
  }

  private static ObjectNode definition(
      String name,
      String description,
      ModelRegistry.Model model,
      LoadPairing pairing,
      List<int[]> pairs) {
    ObjectNode d = JSON.createObjectNode();
    d.put("name", name);
    // The run prints its description as it starts: the pairing shows on the console.
    d.put(
        "description",
        (description.isBlank() ? "" : description.strip() + " ")
            + "Pairing: "
            + pairing.describe()
            + " ("
            + LoadPairing.RULE
            + ").");
    d.put("pairing", LoadPairing.RULE + ": " + pairing.describe());
    d.set("target", ModelRegistry.target(model));
    ArrayNode io = d.putArray("input_output");
    for (int[] p : pairs) {
      io.addArray().add(p[0]).add(p[1]);
    }
    ObjectNode load = d.putObject("load");
    load.put("model", "closed");
    pairing.concurrencies().forEach(load.putArray("concurrency")::add);
    pairing.requests().forEach(load.putArray("requests")::add);
    d.put("warmup_requests", 2);
    d.put("seed", 42);
    return d;
  }
}
