package io.tokenload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stopped run prints: how far it got, where its outputs are, how to go on. */
class StopHookTest {

  @TempDir Path run;

  @Test
  void aMatrixRunStoppedMidCellNamesTheCutCellAndTheScriptsResumeCommand() throws Exception {
    Files.writeString(run.resolve(MatrixInputs.DEFINITION_COPY), "{}");
    List<String> lines =
        StopHook.lines(new StopHook.Stopped(run, 1, List.of("c2", "c3"), null, "run_1k_4k.sh"));
    assertEquals(
        List.of(
            "tokenload: stopped: 1 of 3 cells finished; c2 was cut and 1 more did not run"
                + " (progress.jsonl lists the unfinished cells)",
            "tokenload: no request finished; " + run + " has no outputs",
            "tokenload: resume with: ./run_1k_4k.sh --resume " + run),
        lines);
  }

  @Test
  void underPlainMavenTheResumeCommandIsMavens() throws Exception {
    Files.writeString(run.resolve(MatrixInputs.DEFINITION_COPY), "{}");
    List<String> lines = StopHook.lines(new StopHook.Stopped(run, 0, List.of("c1"), null, ""));
    assertEquals(
        "tokenload: resume with: mvn gatling:test -Dsimulation=MatrixSimulation -Dresume=" + run,
        lines.get(2));
  }

  @Test
  void aSingleCellRunSaysItDoesNotResume() {
    List<String> lines = StopHook.lines(new StopHook.Stopped(run, 0, List.of("c1"), null, ""));
    assertEquals(
        "tokenload: stopped: 0 of 1 cells finished; c1 was cut"
            + " (progress.jsonl lists the unfinished cells)",
        lines.get(0));
    assertEquals(
        "tokenload: resume with: (a single-cell run does not resume: run it again)", lines.get(2));
  }

  @Test
  void aRunStoppedAfterItsLastCellSaysSo() {
    assertEquals(
        "tokenload: stopped after all 2 cells finished, before the run's end",
        StopHook.lines(new StopHook.Stopped(run, 2, List.of(), null, "")).get(0));
  }
}
