package io.tokenload.report;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Links from the run's page into Gatling's results: the folder named by {@code gatling-report.txt}
 * and, per cell, Gatling's pages of the {@code <cell> ttft} and {@code <cell> e2e} records. Gatling
 * names those pages itself ({@code req_<first 15 chars>-<hash>.html}); its own naming function is
 * called so the links match whatever it wrote, and a page that does not exist is not linked.
 */
final class GatlingLinks {

  private static final Method REQUEST_FILE_NAME = requestFileName();
  private static final Object NAMING = naming();

  /** Written when a run ends: the Gatling results folder, relative to the run folder. */
  static final String LINK_FILE = "gatling-report.txt";

  private GatlingLinks() {}

  /**
   * Notes the newest folder under {@code resultsRoot} whose name starts with {@code simulation}'s
   * (Gatling creates it when the run starts) as this run's Gatling results.
   */
  static void write(Path runDir, Path resultsRoot, String simulation) throws IOException {
    if (!Files.isDirectory(resultsRoot)) {
      return;
    }
    String prefix = simulation.toLowerCase() + "-";
    try (var dirs = Files.list(resultsRoot)) {
      Optional<Path> newest =
          dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
              .max(java.util.Comparator.comparing(d -> d.toFile().lastModified()));
      if (newest.isPresent()) {
        Path relative = runDir.toAbsolutePath().relativize(newest.get().toAbsolutePath());
        Files.writeString(runDir.resolve(LINK_FILE), relative + "\n");
      }
    }
  }

  static Optional<Path> folder(Path runDir) throws IOException {
    Path link = runDir.resolve(LINK_FILE);
    if (!Files.isRegularFile(link)) {
      return Optional.empty();
    }
    Path folder =
        runDir.resolve(Files.readString(link, StandardCharsets.UTF_8).strip()).normalize();
    return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
  }

  static String href(Path runDir, Path target) {
    return runDir
        .toAbsolutePath()
        .normalize()
        .relativize(target.toAbsolutePath().normalize())
        .toString()
        .replace('\\', '/');
  }

  /**
   * Links to the cell's ttft and e2e pages in {@code folder}: those that exist or, while Gatling
   * has not written its report yet (a run's own report comes first), those it will write.
   */
  static String forCell(Path runDir, Path folder, String cell) {
    boolean pending = !Files.exists(folder.resolve("index.html"));
    StringBuilder out = new StringBuilder();
    for (String kind : new String[] {"ttft", "e2e"}) {
      Optional<String> page = pageName(cell + " " + kind);
      if (page.isPresent() && (pending || Files.isRegularFile(folder.resolve(page.get())))) {
        out.append(out.length() == 0 ? "" : " ")
            .append(MatrixPage.link(href(runDir, folder.resolve(page.get())), kind));
      }
    }
    return out.toString();
  }

  /** Gatling's file name for a request's page, when gatling-charts is on the classpath. */
  static Optional<String> pageName(String request) {
    if (REQUEST_FILE_NAME == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(REQUEST_FILE_NAME.invoke(NAMING, request) + ".html");
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  // Scala's FileNamingConventions lives in `package` (a Java keyword): reachable by reflection
  // only.
  private static Method requestFileName() {
    try {
      return Class.forName("io.gatling.charts.package$FileNamingConventions$")
          .getMethod("toRequestFileName$extension", String.class);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static Object naming() {
    try {
      return Class.forName("io.gatling.charts.package$FileNamingConventions$")
          .getField("MODULE$")
          .get(null);
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }
}
