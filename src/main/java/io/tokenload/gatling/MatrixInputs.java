package io.tokenload.gatling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.report.RunInfo;
import io.tokenload.workload.DefinitionReader;
import io.tokenload.workload.RunDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a matrix run is asked to do, read and checked from its properties before anything starts:
 * the run definition (from {@code -Dconfig} with the {@code -Dparallel}/{@code -Dnumber}/{@code
 * -Dinput.output} overrides, or a resumed run's own copy) and the {@link RunSettings} it implies.
 * {@code MatrixSimulation} and {@code tokenload check-run} read it the same way, so the script can
 * refuse a mistake in a second, without starting Gatling.
 *
 * @param resume the run folder to go on with, when {@code -Dresume} is given
 */
public record MatrixInputs(RunDefinition definition, RunSettings settings, Optional<Path> resume) {

  /** The run definition as the run used it, in its folder. */
  public static final String DEFINITION_COPY = "definition.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_CONFIG = "simulations/quick.json";

  /** Reads and checks everything; a user error is an {@link IllegalArgumentException}. */
  public static MatrixInputs read(Props props, Map<String, String> env) {
    String resume = props.string("resume", "");
    RunDefinition definition =
        resume.isEmpty() ? fromConfig(props) : fromRunFolder(Path.of(resume));
    RunSettings settings = RunSettings.from(props.withDefaults(targetProps(definition)), env);
    RunDataset.check(settings, definition.cells());
    return new MatrixInputs(
        definition, settings, resume.isEmpty() ? Optional.empty() : Optional.of(Path.of(resume)));
  }

  /** The cells of a resumed run that have not finished; every cell for a new run. */
  public List<String> cellsToRun() {
    try {
      if (resume.isEmpty()) {
        return definition.cells().stream().map(c -> c.name()).toList();
      }
      Set<String> done = RunFolder.finishedCells(resume.get());
      return RunInfo.read(resume.get()).cells().stream()
          .map(c -> c.name())
          .filter(c -> !done.contains(c))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("-Dresume=" + resume.get() + ": " + e.getMessage(), e);
    }
  }

  /** The line for a resumed run with nothing left to run: where its results are. */
  public String completeLine() {
    Path run = resume.orElseThrow();
    return "nothing to resume: "
        + run
        + " finished all "
        + definition.cells().size()
        + " cells; its results are in "
        + run.resolve("index.html")
        + " and "
        + run.resolve("summary.json");
  }

  private static RunDefinition fromConfig(Props props) {
    Map<String, String> overrides = new HashMap<>();
    for (String key :
        List.of("parallel", "number", "input.output", "scenario", "model.registry", "repeat")) {
      String v = props.string(key, "");
      if (!v.isEmpty()) {
        overrides.put(key, v);
      }
    }
    Path config = Path.of(props.string("config", DEFAULT_CONFIG));
    try {
      return DefinitionReader.read(config, overrides);
    } catch (IOException e) {
      throw new IllegalArgumentException("-Dconfig=" + config + ": " + e.getMessage(), e);
    }
  }

  private static RunDefinition fromRunFolder(Path run) {
    if (!Files.isDirectory(run)) {
      throw new IllegalArgumentException(
          "-Dresume=" + run + " does not exist; resume takes a run folder under reports/");
    }
    Path copy = run.resolve(DEFINITION_COPY);
    if (!Files.isRegularFile(copy)) {
      throw new IllegalArgumentException(
          "-Dresume="
              + run
              + " is not a matrix run folder: it has no "
              + DEFINITION_COPY
              + "; resume takes a folder MatrixSimulation wrote, such as"
              + " reports/matrixsimulation-20261121-170000");
    }
    try {
      return JSON.readValue(copy.toFile(), RunDefinition.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "-Dresume=" + run + ": " + copy + " is damaged: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> targetProps(RunDefinition d) {
    Map<String, String> p = new HashMap<>();
    RunDefinition.Target t = d.target();
    putIfSet(p, "base.url", t.baseUrl());
    putIfSet(p, "model", t.model());
    putIfSet(p, "api.key.env", t.apiKeyEnv());
    putIfSet(p, "tokenizer", t.tokenizer());
    p.put("api", t.api());
    p.put("flavour", t.flavour());
    putIfSet(p, "backend", t.backend());
    putIfSet(p, "generation.json", json(t.generation()));
    putIfSet(p, "headers.json", json(t.headers()));
    if (t.stream() != null) {
      p.put("stream", t.stream().toString());
    }
    p.put("target.preset", t.embeddedPreset() == null ? "fixed" : t.embeddedPreset());
    p.put("target.ttft.ms", Double.toString(t.embeddedTtftMs()));
    p.put("target.itl.ms", Double.toString(t.embeddedItlMs()));
    p.put("warmup.requests", Integer.toString(d.warmupRequests()));
    p.put("shared.prefix.tokens", Integer.toString(d.sharedPrefixTokens()));
    RunDefinition.Source source = d.dataset();
    if (source != null) {
      putIfSet(p, "dataset", source.source());
      putIfSet(p, "dataset.min.input.tokens", source.minInputTokens());
      putIfSet(p, "dataset.max.input.tokens", source.maxInputTokens());
      putIfSet(p, "dataset.min.output.tokens", source.minOutputTokens());
      putIfSet(p, "dataset.max.output.tokens", source.maxOutputTokens());
    }
    RunDefinition.Thresholds limits = d.thresholds();
    putIfSet(p, "p99.ttft.ms", limits.p99TtftMs());
    putIfSet(p, "p99.itl.ms", limits.p99ItlMs());
    putIfSet(p, "p99.e2e.ms", limits.p99E2eMs());
    putIfSet(p, "max.error.rate", limits.maxErrorRate());
    putIfSet(p, "min.rps", limits.minRps());
    if (limits.strict()) {
      p.put("strict", "true");
    }
    return p;
  }

  /** A definition's object as the JSON text its property takes; null when absent. */
  private static String json(Map<String, ?> value) {
    try {
      return value == null ? null : JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + value, e);
    }
  }

  private static void putIfSet(Map<String, String> p, String key, String value) {
    if (value != null && !value.isBlank()) {
      p.put(key, value);
    }
  }

  private static void putIfSet(Map<String, String> p, String key, Integer value) {
    if (value != null) {
      p.put(key, Integer.toString(value));
    }
  }

  private static void putIfSet(Map<String, String> p, String key, Double value) {
    if (value != null) {
      p.put(key, Double.toString(value));
    }
  }
}
