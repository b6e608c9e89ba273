package io.tokenload.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Backends;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a run definition ({@code simulations/*.json}, schema in {@code
 * docs/run-definitions.md}) and expands it into cells: every input/output pair crossed with every
 * load level, in file order. Each cell gets its own seed, so no cell reuses another's prompts.
 */
public final class DefinitionReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOP =
      Set.of(
          "name",
          "description",
          "pairing",
          "target",
          "input_output",
          "load",
          "warmup_requests",
          "cooldown_s",
          "seed",
          "shared_prefix_tokens",
          "thresholds",
          "dataset",
          "repeat");
  private static final Set<String> TARGET =
      Set.of(
          "base_url",
          "api",
          "flavour",
          "model",
          "api_key_env",
          "embedded",
          "backend",
          "generation",
          "headers",
          "stream",
          "tokenizer");
  private static final Set<String> DATASET =
      Set.of(
          "source",
          "min_input_tokens",
          "max_input_tokens",
          "min_output_tokens",
          "max_output_tokens");
  private static final Set<String> EMBEDDED = Set.of("preset", "ttft_ms", "itl_ms");
  private static final Set<String> THRESHOLDS =
      Set.of("p99_ttft_ms", "p99_itl_ms", "p99_e2e_ms", "max_error_rate", "min_rps", "strict");
  private static final int MAX = 1_000_000;

  private DefinitionReader() {}

  public static RunDefinition read(Path file) throws IOException {
    return read(file, Map.of());
  }

  /**
   * Reads {@code file} with command-line overrides applied first, as {@code run_1k_4k.sh} passes
   * them: {@code parallel} and {@code number} (comma-separated, paired: a closed load), {@code
   * input.output} ({@code 128:128,1024:1024}). They are validated like the file's own fields. A
   * file in seed 002's batch format ({@link SeedScenario}) is read too: {@code scenario} names the
   * scenario, {@code model.registry} the model registry.
   */
  public static RunDefinition read(Path file, Map<String, String> overrides) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(
          file
              + " does not exist; run definitions live in simulations/, such as simulations/quick.json");
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          file
              + ": not valid JSON at line "
              + e.getLocation().getLineNr()
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (SeedScenario.isSeedFormat(root)) {
      // Seed 002's batch_test_config.json (or one scenario of it): override "scenario" picks one.
      ModelRegistry registry =
          ModelRegistry.read(
              Path.of(overrides.getOrDefault("model.registry", ModelRegistry.DEFAULT.toString())));
      JsonNode scenario = SeedScenario.select(file, root, overrides.get("scenario"));
      root = SeedScenario.parse(file, scenario, registry).definition();
    } else if (overrides.containsKey("scenario")) {
      throw new IllegalArgumentException(
          "--scenario "
              + overrides.get("scenario")
              + ": "
              + file
              + " is a run definition, not a seed 002 batch file with test_scenarios");
    }
    return parse(file, Overrides.apply(root, overrides, file));
  }

  static RunDefinition parse(Path file, JsonNode root) {
    JsonFields top = new JsonFields(file, "", root).only(TOP);
    String name = top.string("name", file.getFileName().toString().replaceFirst("\\.json$", ""));
    long seed = top.integer("seed", 1, 0, Integer.MAX_VALUE);
    List<int[]> pairs = pairs(top);
    List<CellSpec> levels = Loads.levels(top.object("load"));
    int repeat = top.integer("repeat", 1, 1, 100);
    List<CellSpec> cells = new ArrayList<>();
    // A repeated matrix runs pass after pass (not each cell thrice in a row), so a drift of the
    // server over time spreads over every cell instead of landing on one.
    for (int rep = 1; rep <= repeat; rep++) {
      for (int[] pair : pairs) {
        for (CellSpec level : levels) {
          String cellName =
              "in"
                  + pair[0]
                  + "-out"
                  + pair[1]
                  + "-"
                  + level.name()
                  + (repeat > 1 ? "-rep" + rep : "");
          cells.add(
              new CellSpec(
                  cellName,
                  pair[0],
                  pair[1],
                  level.concurrency(),
                  level.requests(),
                  seed * 1_000_003L + cells.size(),
                  level.ratePerSecond(),
                  level.burstiness(),
                  level.durationSeconds()));
        }
      }
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (CellSpec c : cells) {
      if (!names.add(c.name())) {
        throw top.error(
            "cell "
                + c.name()
                + " appears twice: the same input/output pair and load level are listed"
                + " more than once in input_output or load; every cell must be distinct");
      }
    }
    return new RunDefinition(
        name,
        top.string("description", ""),
        target(top),
        List.copyOf(cells),
        top.integer("warmup_requests", 0, 0, MAX),
        top.number("cooldown_s", 0, 0, 3600),
        top.integer("shared_prefix_tokens", 0, 0, MAX),
        thresholds(top),
        dataset(top));
  }

  private static RunDefinition.Source dataset(JsonFields top) {
    if (!top.has("dataset")) {
      return null;
    }
    JsonFields d = top.object("dataset").only(DATASET);
    String source = d.string("source", "synthetic");
    try {
      DatasetSpec.parse(source, d.where("source"), LengthBounds.any());
    } catch (IllegalArgumentException e) {
      throw d.error(d.where("source"), "was \"" + source + "\"", DatasetSpec.ALLOWED);
    }
    return new RunDefinition.Source(
        source,
        optionalInteger(d, "min_input_tokens"),
        optionalInteger(d, "max_input_tokens"),
        optionalInteger(d, "min_output_tokens"),
        optionalInteger(d, "max_output_tokens"));
  }

  private static Integer optionalInteger(JsonFields f, String name) {
    return f.has(name) ? f.integer(name, 1, 1, MAX) : null;
  }

  private static List<int[]> pairs(JsonFields top) {
    List<int[]> pairs = new ArrayList<>();
    List<JsonNode> items = top.array("input_output");
    for (int i = 0; i < items.size(); i++) {
      JsonNode p = items.get(i);
      String where = "input_output[" + i + "]";
      if (!p.isArray() || p.size() != 2) {
        throw top.error(
            where, "was " + p, "a pair [input_tokens, output_tokens] such as [128, 128]");
      }
      pairs.add(
          new int[] {
            top.integer(p.get(0), where + "[0]", 1, MAX),
            top.integer(p.get(1), where + "[1]", 1, MAX)
          });
    }
    return pairs;
  }

  private static RunDefinition.Target target(JsonFields top) {
    if (!top.has("target")) {
      return new RunDefinition.Target(null, "chat", "vllm", null, null, "fixed", 100, 10);
    }
    JsonFields t = top.object("target").only(TARGET);
    String baseUrl = t.string("base_url", null);
    // A full endpoint URL names its API; -Dapi's check then refuses a disagreeing "api".
    String api =
        t.string("api", Endpoint.apiNamedBy(baseUrl).orElse(Api.CHAT).name())
            .toLowerCase(Locale.ROOT);
    Api.parse(api, t.where("api"));
    String flavour = t.string("flavour", "vllm").toLowerCase(Locale.ROOT);
    Flavour.parse(flavour, t.where("flavour"));
    double ttft = 100;
    double itl = 10;
    String preset = "fixed";
    if (t.has("embedded")) {
      JsonFields e = t.object("embedded").only(EMBEDDED);
      preset = e.string("preset", preset);
      ttft = e.number("ttft_ms", ttft, 0, 3_600_000);
      itl = e.number("itl_ms", itl, 0, 3_600_000);
    }
    String backend = t.string("backend", null);
    if (backend != null) {
      try {
        Backends.named(backend, t.where("backend"));
      } catch (IllegalArgumentException e) {
        throw t.error(e.getMessage());
      }
    }
    return new RunDefinition.Target(
        baseUrl,
        api,
        flavour,
        t.string("model", null),
        t.string("api_key_env", null),
        preset,
        ttft,
        itl,
        backend,
        t.has("generation") ? t.anyObject("generation") : null,
        t.has("headers") ? t.stringMap("headers") : null,
        t.has("stream") ? t.bool("stream") : null,
        t.string("tokenizer", null));
  }

  private static RunDefinition.Thresholds thresholds(JsonFields top) {
    if (!top.has("thresholds")) {
      return RunDefinition.Thresholds.NONE;
    }
    JsonFields t = top.object("thresholds").only(THRESHOLDS);
    return new RunDefinition.Thresholds(
        t.optionalNumber("p99_ttft_ms", 0, 3_600_000),
        t.optionalNumber("p99_itl_ms", 0, 3_600_000),
        t.optionalNumber("p99_e2e_ms", 0, 3_600_000),
        t.optionalNumber("max_error_rate", 0, 1),
        t.optionalNumber("min_rps", 0, 1e9),
        t.bool("strict", false));
  }
}
