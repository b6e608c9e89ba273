package io.tokenload.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a tokenload simulation in a Gatling JVM of its own, as {@code mvn gatling:test} does, so a
 * test can watch its files and kill it like a user's Ctrl-C or an out-of-memory kill would.
 */
final class GatlingProcess {

  private GatlingProcess() {}

  /**
   * Writes a definition of three short cells (c1, c2, c3 of 6 requests each) into {@code dir}: long
   * enough to interrupt a run in its second cell.
   */
  static Path threeCells(Path dir) throws IOException {
    Path definition = dir.resolve("three-cells.json");
    Files.writeString(
        definition,
        """
        {"name": "three-cells",
         "target": {"embedded": {"ttft_ms": 20, "itl_ms": 10}},
         "input_output": [[16, 40]],
         "load": {"model": "closed", "concurrency": [1, 2, 3], "requests": [6, 6, 6]},
         "seed": 5}""");
    return definition;
  }

  static Process start(String simulation, Map<String, String> props, Path results, Path log)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Xmx512m");
    // What gatling-maven-plugin passes too: Gatling reflects into java.lang.
    command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
    props.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.add("io.gatling.app.Gatling");
    command.add("--simulation");
    command.add("io.tokenload.simulations." + simulation);
    command.add("--results-folder");
    command.add(results.toString());
    command.add("--no-reports");
    return new ProcessBuilder(command)
        .directory(new File("."))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
