package io.tokenload.simulations;

import static io.gatling.javaapi.core.CoreDsl.details;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.LoadPlan;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunSettings;
import io.tokenload.report.MatrixTable;
import io.tokenload.report.RunReport;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.DefinitionReader;
import io.tokenload.workload.RunDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole matrix from a run definition, cell after cell, in one Gatling run:
 *
 * <pre>
 * mvn gatling:test -Dsimulation=MatrixSimulation -Dconfig=simulations/quick.json
 * mvn gatling:test -Dsimulation=MatrixSimulation -Dresume=reports/matrixsimulation-20261121-170000
 * </pre>
 *
 * <p>{@code run_1k_4k.sh} is the friendlier entry. The run folder notes each finished cell; after
 * an interruption {@code -Dresume} skips the finished cells and redoes the one that was cut. The
 * definition's thresholds become Gatling assertions (per cell), so a breach fails the build. {@code
 * -Dbase.url}, {@code -Dmodel} and the other {@link RunSettings} properties override the
 * definition's target.
 */
public class MatrixSimulation extends Simulation {

  static final String DEFINITION_COPY = "definition.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Props props = Props.system();
  private final Path resume =
      props.string("resume", "").isEmpty() ? null : Path.of(props.string("resume", ""));
  private final RunDefinition definition = definition();
  private final RunSettings settings =
      RunSettings.from(props.withDefaults(targetProps(definition)), System.getenv());
  private final RunContext run = open();

  {
    System.out.println(
        "tokenload: "
            + definition.name()
            + " in "
            + run.runDir()
            + ": "
            + run.pendingCells().size()
            + " of "
            + run.cells().size()
            + " cells to run");
    if (!definition.description().isBlank()) {
      System.out.println("tokenload: " + definition.description());
    }
    setUp(
            LoadPlan.populations(
                run,
                definition.warmupRequests(),
                definition.cooldownSeconds(),
                System.out::println))
        .assertions(assertions());
  }

  private RunDefinition definition() {
    try {
      if (resume != null) {
        return JSON.readValue(resume.resolve(DEFINITION_COPY).toFile(), RunDefinition.class);
      }
      Map<String, String> overrides = new HashMap<>();
      for (String key : List.of("parallel", "number", "input.output", "scenario", "models")) {
        String v = props.string(key, "");
        if (!v.isEmpty()) {
          overrides.put(key, v);
        }
      }
      return DefinitionReader.read(
          Path.of(props.string("config", "simulations/quick.json")), overrides);
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private static Map<String, String> targetProps(RunDefinition d) {
    Map<String, String> p = new HashMap<>();
    RunDefinition.Target t = d.target();
    putIfSet(p, "base.url", t.baseUrl());
    putIfSet(p, "model", t.model());
    putIfSet(p, "api.key.env", t.apiKeyEnv());
    p.put("api", t.api());
    p.put("flavour", t.flavour());
    p.put("target.preset", t.embeddedPreset() == null ? "fixed" : t.embeddedPreset());
    p.put("target.ttft.ms", Double.toString(t.embeddedTtftMs()));
    p.put("target.itl.ms", Double.toString(t.embeddedItlMs()));
    p.put("warmup.requests", Integer.toString(d.warmupRequests()));
    p.put("shared.prefix.tokens", Integer.toString(d.sharedPrefixTokens()));
    return p;
  }

  private static void putIfSet(Map<String, String> p, String key, String value) {
    if (value != null && !value.isBlank()) {
      p.put(key, value);
    }
  }

  private RunContext open() {
    try {
      if (resume != null) {
        return RunContext.resume(resume, settings);
      }
      RunContext opened = RunContext.open("MatrixSimulation", settings, definition.cells());
      JSON.writeValue(opened.runDir().resolve(DEFINITION_COPY).toFile(), definition);
      Files.writeString(opened.runDir().resolve("name.txt"), definition.name() + "\n");
      return opened;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the run: " + e.getMessage(), e);
    }
  }

  /** The thresholds Gatling can check per cell: latency p99s and the error rate. */
  private List<Assertion> assertions() {
    RunDefinition.Thresholds t = definition.thresholds();
    List<Assertion> out = new ArrayList<>();
    for (CellSpec cell : run.pendingCells()) {
      if (t.p99TtftMs() != null) {
        out.add(
            details(cell.name() + " ttft")
                .responseTime()
                .percentile(99.0)
                .lte((int) Math.floor(t.p99TtftMs())));
      }
      if (t.p99E2eMs() != null) {
        out.add(
            details(cell.name() + " e2e")
                .responseTime()
                .percentile(99.0)
                .lte((int) Math.floor(t.p99E2eMs())));
      }
      if (t.maxErrorRate() != null) {
        out.add(
            details(cell.name() + " e2e").failedRequests().percent().lte(t.maxErrorRate() * 100));
      }
    }
    return out;
  }

  @Override
  public void after() {
    RunReport.Result result = run.finish();
    System.out.println(result.describe());
    try {
      System.out.println(MatrixTable.render(run.runDir()));
    } catch (IOException e) {
      System.out.println("tokenload: cannot print the matrix table: " + e.getMessage());
    }
  }
}
