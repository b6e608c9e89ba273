package io.tokenload.maven.jmh;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Execute;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * {@code mvn jmh:run}: compiles the tests (the benchmarks are test sources, so JMH's annotation
 * processor has generated {@code META-INF/BenchmarkList} there), then runs {@code
 * org.openjdk.jmh.Main} on the test classpath in a forked JVM whose output is this build's output.
 * Results go to {@code reports/jmh/<UTC timestamp>-<filter>.json}; a non-zero exit fails the build.
 * Options are {@code -Djmh.*} properties, see {@link JmhOptions}.
 */
@Mojo(name = "run", requiresDependencyResolution = ResolutionScope.TEST, threadSafe = true)
@Execute(phase = LifecyclePhase.TEST_COMPILE)
public class RunMojo extends AbstractMojo {

  static final String JMH_MAIN = "org.openjdk.jmh.Main";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** Regular expression: the benchmarks to run (all when not given). */
  @Parameter(property = "jmh.filter")
  private String filter;

  @Parameter(property = "jmh.forks")
  private String forks;

  @Parameter(property = "jmh.warmupIterations")
  private String warmupIterations;

  @Parameter(property = "jmh.iterations")
  private String iterations;

  @Parameter(property = "jmh.warmupTime")
  private String warmupTime;

  @Parameter(property = "jmh.time")
  private String time;

  @Parameter(property = "jmh.threads")
  private String threads;

  /** {@code name=v1,v2;name2=v}: values for {@code @Param} fields. */
  @Parameter(property = "jmh.params")
  private String params;

  /** json, csv or text. */
  @Parameter(property = "jmh.resultFormat", defaultValue = "json")
  private String resultFormat;

  /** Comma-separated JMH profilers, such as {@code gc,stack}. */
  @Parameter(property = "jmh.profilers")
  private String profilers;

  /** More arguments for JMH, as on its command line. */
  @Parameter(property = "jmh.args")
  private String args;

  /** List the matching benchmarks instead of running them. */
  @Parameter(property = "jmh.list", defaultValue = "false")
  private boolean list;

  /**
   * Run even when another JMH holds {@code /tmp/jmh.lock} (JMH's own {@code -Djmh.ignoreLock}, set
   * on the forked JVM). Two benchmark runs on one machine disturb each other's figures.
   */
  @Parameter(property = "jmh.ignoreLock", defaultValue = "false")
  private boolean ignoreLock;

  @Parameter(property = "jmh.reportsDir", defaultValue = "${project.basedir}/reports/jmh")
  private File reportsDir;

  /** The java launcher of the forked JVM; the one running Maven by default. */
  @Parameter(property = "jmh.java", defaultValue = "${java.home}/bin/java")
  private File java;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    JmhOptions options =
        new JmhOptions(
            filter,
            forks,
            warmupIterations,
            iterations,
            warmupTime,
            time,
            threads,
            params,
            resultFormat,
            profilers,
            args,
            list);
    Path resultFile = reportsDir.toPath().resolve(options.resultFileName(Instant.now()));
    List<String> jmhArgs;
    try {
      jmhArgs = options.arguments(resultFile);
    } catch (IllegalArgumentException e) {
      throw new MojoFailureException(e.getMessage(), e);
    }
    if (!list) {
      createReportsDir();
    }
    List<String> command = new ArrayList<>();
    command.add(java.getPath());
    if (ignoreLock) {
      command.add("-Djmh.ignoreLock=true");
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, testClasspath()));
    command.add(JMH_MAIN);
    command.addAll(jmhArgs);
    getLog().info("JMH " + String.join(" ", jmhArgs));
    int exit = run(command);
    if (exit != 0) {
      deleteIfEmpty(resultFile); // JMH creates the file before it finds nothing to run
      throw new MojoFailureException(
          "JMH exited with code " + exit + " (" + JMH_MAIN + " " + String.join(" ", jmhArgs) + ")");
    }
    if (!list) {
      getLog()
          .info(
              "JMH results: "
                  + project.getBasedir().toPath().relativize(resultFile.toAbsolutePath()));
    }
  }

  /** target/test-classes, target/classes and every test-scope dependency. */
  private List<String> testClasspath() throws MojoExecutionException {
    try {
      return project.getTestClasspathElements();
    } catch (DependencyResolutionRequiredException e) {
      throw new MojoExecutionException("the test classpath is not resolved: " + e.getMessage(), e);
    }
  }

  private void createReportsDir() throws MojoExecutionException {
    try {
      Files.createDirectories(reportsDir.toPath());
    } catch (IOException e) {
      throw new MojoExecutionException(
          "cannot create the JMH reports directory " + reportsDir + ": " + e, e);
    }
  }

  private void deleteIfEmpty(Path file) {
    try {
      if (Files.isRegularFile(file) && Files.size(file) == 0) {
        Files.delete(file);
      }
    } catch (IOException e) {
      getLog().warn("could not delete the empty result file " + file + ": " + e);
    }
  }

  private int run(List<String> command) throws MojoExecutionException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(project.getBasedir()).inheritIO().start();
    } catch (IOException e) {
      throw new MojoExecutionException("cannot start " + java + ": " + e.getMessage(), e);
    }
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
      throw new MojoExecutionException("interrupted while JMH was running", e);
    }
  }
}
