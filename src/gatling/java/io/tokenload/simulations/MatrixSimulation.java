package io.tokenload.simulations;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.core.Simulation;
import io.tokenload.gatling.LoadPlan;
import io.tokenload.gatling.MatrixInputs;
import io.tokenload.gatling.Props;
import io.tokenload.gatling.RunContext;
import io.tokenload.gatling.RunSettings;
import io.tokenload.gatling.Startup;
import io.tokenload.gatling.VerdictStep;
import io.tokenload.workload.RunDefinition;
import java.io.IOException;
import java.nio.file.Files;

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
 * definition's thresholds are judged at the end of the run ({@link VerdictStep}), so a breach fails
 * the build. {@code -Dbase.url}, {@code -Dmodel} and the other {@link RunSettings} properties
 * override the definition's target.
 */
public class MatrixSimulation extends Simulation {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final MatrixInputs inputs =
      Startup.orExit(() -> MatrixInputs.read(Props.system(), System.getenv()));
  private final RunDefinition definition = inputs.definition();
  private final RunContext run = Startup.orExit(this::open);

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
        .assertions(VerdictStep.assertion());
  }

  private RunContext open() throws IOException {
    if (inputs.resume().isPresent()) {
      if (inputs.cellsToRun().isEmpty()) {
        throw Startup.done(inputs.completeLine(), 0);
      }
      return RunContext.resume(inputs.resume().get(), inputs.settings());
    }
    RunContext opened = RunContext.open("MatrixSimulation", inputs.settings(), definition.cells());
    JSON.writeValue(opened.runDir().resolve(MatrixInputs.DEFINITION_COPY).toFile(), definition);
    Files.writeString(opened.runDir().resolve("name.txt"), definition.name() + "\n");
    return opened;
  }

  @Override
  public void after() {
    VerdictStep.endRun(run);
  }
}
