package io.tokenload.service.runner;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command of a task's child process: the engine of {@code run_1k_4k.sh}, {@code
 * MatrixSimulation} in a Gatling JVM of its own.
 *
 * <ul>
 *   <li>{@code maven}: {@code mvn gatling:test -Dsimulation=MatrixSimulation}, exactly as {@code
 *       run_1k_4k.sh} runs it (the pom's JVM settings, compiling first when needed).
 *   <li>{@code java}: Gatling's main class on this JVM's class path, as the end-to-end tests run
 *       it; starts in a second or two instead of Maven's ten or more. Needs the compiled
 *       simulations (test classes) on the class path.
 * </ul>
 */
public record Launcher(String kind, Path projectDir, String classPath) {

  public static final List<String> KINDS = List.of("auto", "maven", "java");
  static final String SIMULATION = "io.tokenload.simulations.MatrixSimulation";

  /**
   * {@code auto} picks {@code java} when this JVM can load {@code MatrixSimulation} (or finds it in
   * {@code target/test-classes}), else {@code maven}.
   */
  public static Launcher of(String kind, Path projectDir) {
    String k = kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(k)) {
      throw new IllegalArgumentException(
          "--launcher was '" + kind + "'; allowed: " + String.join(", ", KINDS));
    }
    String cp = System.getProperty("java.class.path");
    Path testClasses = projectDir.resolve("target/test-classes").toAbsolutePath();
    boolean onClassPath = loadable();
    if (!onClassPath && Files.isRegularFile(testClasses.resolve(classFile()))) {
      cp = testClasses + File.pathSeparator + cp;
      onClassPath = true;
    }
    if (k.equals("auto")) {
      k = onClassPath ? "java" : "maven";
    }
    if (k.equals("java") && !onClassPath) {
      throw new IllegalArgumentException(
          "--launcher java needs the compiled simulations: run mvn test-compile first, or use"
              + " --launcher maven");
    }
    if (k.equals("maven") && !Files.isRegularFile(projectDir.resolve("pom.xml"))) {
      throw new IllegalArgumentException(
          "--launcher maven runs mvn in "
              + projectDir.toAbsolutePath()
              + ", which has no pom.xml;"
              + " start the server from the tokenload folder");
    }
    return new Launcher(k, projectDir.toAbsolutePath(), cp);
  }

  private static boolean loadable() {
    try {
      Class.forName(SIMULATION, false, Launcher.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String classFile() {
    return SIMULATION.replace('.', '/') + ".class";
  }

  /** A fresh run of {@code definition} with its run folder under {@code reportsDir}. */
  List<String> fresh(Path definition, Path reportsDir, Path gatlingResults) {
    return command(
        List.of(
            "-Dconfig=" + definition.toAbsolutePath(),
            "-Dreports.dir=" + reportsDir.toAbsolutePath()),
        gatlingResults);
  }

  /** Goes on with the interrupted run in {@code runDir} ({@code -Dresume}). */
  List<String> resume(Path runDir, Path gatlingResults) {
    return command(List.of("-Dresume=" + runDir.toAbsolutePath()), gatlingResults);
  }

  private List<String> command(List<String> props, Path gatlingResults) {
    List<String> c = new ArrayList<>();
    if (kind.equals("maven")) {
      c.addAll(
          List.of(
              "mvn",
              "-B",
              "-ntp",
              "-q",
              "gatling:test",
              "-Dsimulation=MatrixSimulation",
              "-Dgatling.data.console.writePeriod=30"));
      c.addAll(props);
      return c;
    }
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The properties first: they name the task's folder, which a restarted service looks for in
    // the command line of an orphaned child, and the class path after them is long.
    c.addAll(props);
    c.addAll(List.of("-cp", classPath, "-Xms512m", "-Xmx1g", "-XX:+UseParallelGC"));
    // As the pom's gatling plugin settings: C1 only and compiling early, one event loop, no leak
    // sampling.
    c.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-XX:CompileThresholdScaling=0.1",
            "-Dio.netty.eventLoopThreads=1",
            "-Dio.netty.leakDetection.level=disabled",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "-Dgatling.data.console.writePeriod=30"));
    c.addAll(
        List.of(
            "io.gatling.app.Gatling",
            "--simulation",
            SIMULATION,
            "--results-folder",
            gatlingResults.toAbsolutePath().toString(),
            "--no-reports"));
    return c;
  }
}
