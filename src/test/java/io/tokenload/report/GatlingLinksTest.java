package io.tokenload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gatling's results are kept inside the run folder, one part per session of a resumed run, so the
 * page's links stay valid after a resume or {@code mvn clean}.
 */
class GatlingLinksTest {

  @TempDir Path dir;

  private String page(String cell, String kind) {
    return GatlingLinks.pageName(cell + " " + kind).orElseThrow();
  }

  @Test
  void keepsThisRunsGatlingFolderInsideTheRunFolderAndItsReportWhenGatlingIsDone()
      throws Exception {
    Path results = dir.resolve("target/gatling");
    Path older = Files.createDirectories(results.resolve("matrixsimulation-20260101000000000"));
    older.toFile().setLastModified(1_000);
    Path ours = Files.createDirectories(results.resolve("matrixsimulation-20260102000000000"));
    Files.writeString(ours.resolve("simulation.log"), "log");
    Path run = Files.createDirectories(dir.resolve("reports/run"));

    Runnable rest =
        GatlingLinks.keep(run, results, "MatrixSimulation", 2_000, List.of("c1")).orElseThrow();
    Path kept = run.resolve("gatling/matrixsimulation-20260102000000000");
    assertEquals("log", Files.readString(kept.resolve("simulation.log")));
    assertEquals(List.of(kept), GatlingLinks.folders(run));
    assertFalse(Files.exists(run.resolve("gatling/matrixsimulation-20260101000000000")));

    Files.writeString(ours.resolve("index.html"), "<html>");
    Files.writeString(ours.resolve(page("c1", "e2e")), "<html>");
    rest.run();
    deleteTree(dir.resolve("target")); // mvn clean
    assertTrue(Files.isRegularFile(kept.resolve("index.html")));
    assertTrue(
        GatlingLinks.forCell(run, GatlingLinks.folders(run), "c1")
            .contains("gatling/matrixsimulation-20260102000000000/" + page("c1", "e2e")));
  }

  @Test
  void eachCellOfAResumedRunLinksIntoThePartThatRanIt() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path first = Files.createDirectories(run.resolve("gatling/first"));
    Files.writeString(first.resolve("index.html"), "<html>");
    Files.writeString(first.resolve(page("c1", "e2e")), "<html>");
    Path second = Files.createDirectories(run.resolve("gatling/second"));
    Files.writeString(second.resolve(GatlingLinks.CELLS_FILE), "c2\n");
    Files.writeString(run.resolve(GatlingLinks.LINK_FILE), "gatling/first\ngatling/second\n");

    List<Path> parts = GatlingLinks.folders(run);
    assertEquals(List.of(first, second), parts);
    String c1 = GatlingLinks.forCell(run, parts, "c1");
    assertTrue(c1.contains("gatling/first/" + page("c1", "e2e")), c1);
    assertFalse(c1.contains("gatling/second"), c1);
    String c2 = GatlingLinks.forCell(run, parts, "c2");
    assertTrue(c2.contains("gatling/second/" + page("c2", "e2e")), "pending report: " + c2);
    assertEquals("", GatlingLinks.forCell(run, parts, "c3"), "a cell no part has: no link");
  }

  private static void deleteTree(Path root) throws Exception {
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
