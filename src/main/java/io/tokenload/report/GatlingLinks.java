package io.tokenload.report;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Gatling's results of a run, kept in its folder ({@code gatling/<part>/}, one part per session of
 * a resumed run), and links from the run's page into them: the folders named by {@code
 * gatling-report.txt} and, per cell, Gatling's page of its {@code <cell> e2e} requests (the time to
 * first token is a group holding no request, which Gatling's report does not draw). Gatling names
 * those pages itself ({@code req_<first 15 chars>-<hash>.html}); its own naming function is called
 * so the links match whatever it wrote, and a page that does not exist is not linked.
 */
final class GatlingLinks {

  private static final Method REQUEST_FILE_NAME = requestFileName();
  private static final Object NAMING = naming();

  /**
   * Written when a run (and each resumed part of it) ends: the Gatling results folders of its
   * parts, one per line, oldest first, relative to the run folder.
   */
  static final String LINK_FILE = "gatling-report.txt";

  /** Where a run keeps each part's Gatling results: {@code gatling/<Gatling's folder name>/}. */
  static final String KEPT_DIR = "gatling";

  /** In a kept part: the cells that ran in it, whose pages its report will have. */
  static final String CELLS_FILE = "tokenload-cells.txt";

  private GatlingLinks() {}

  /**
   * Keeps this run's Gatling results inside the run folder, so links survive a resume and {@code
   * mvn clean}: the newest folder under {@code resultsRoot} whose name starts with {@code
   * simulation}'s and that changed since {@code sinceEpochMillis} (Gatling creates it when the run
   * starts). Its {@code simulation.log} is copied now, for the cross-check; the task returned
   * copies the rest, Gatling's HTML report, which Gatling writes after the run's own outputs: run
   * it when Gatling is done (at JVM exit). Empty when Gatling left no such folder.
   */
  static Optional<Runnable> keep(
      Path runDir,
      Path resultsRoot,
      String simulation,
      long sinceEpochMillis,
      Collection<String> cellsOfThisPart)
      throws IOException {
    if (!Files.isDirectory(resultsRoot)) {
      return Optional.empty();
    }
    String prefix = simulation.toLowerCase() + "-";
    Optional<Path> newest;
    try (var dirs = Files.list(resultsRoot)) {
      newest =
          dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
              .filter(d -> d.toFile().lastModified() >= sinceEpochMillis)
              .max(java.util.Comparator.comparing(d -> d.toFile().lastModified()));
    }
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    Path source = newest.get();
    Path kept = runDir.resolve(KEPT_DIR).resolve(source.getFileName().toString());
    Files.createDirectories(kept);
    copyTree(source, kept);
    Files.write(kept.resolve(CELLS_FILE), cellsOfThisPart, StandardCharsets.UTF_8);
    Path link = runDir.resolve(LINK_FILE);
    String line = KEPT_DIR + "/" + source.getFileName() + "\n";
    if (!lines(runDir).contains(KEPT_DIR + "/" + source.getFileName())) {
      Files.writeString(
          link, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
    return Optional.of(
        () -> {
          try {
            copyTree(source, kept);
          } catch (IOException | RuntimeException e) {
            System.err.println(
                "tokenload: cannot keep Gatling's report of "
                    + source
                    + " in "
                    + kept
                    + ": "
                    + e.getMessage());
          }
        });
  }

  /** Copies every file of {@code from} that {@code to} lacks or holds at another size. */
  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> files;
    try (var walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    for (Path file : files) {
      Path target = to.resolve(from.relativize(file).toString());
      if (!Files.isRegularFile(target) || Files.size(target) != Files.size(file)) {
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  private static List<String> lines(Path runDir) throws IOException {
    Path link = runDir.resolve(LINK_FILE);
    if (!Files.isRegularFile(link)) {
      return List.of();
    }
    return Files.readAllLines(link, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .toList();
  }

  /** The Gatling results folders of the run's parts that exist, oldest first. */
  static List<Path> folders(Path runDir) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String line : lines(runDir)) {
      Path folder = runDir.resolve(line).normalize();
      if (Files.isDirectory(folder)) {
        out.add(folder);
      }
    }
    return out;
  }

  /** The newest part's Gatling results folder. */
  static Optional<Path> folder(Path runDir) throws IOException {
    List<Path> all = folders(runDir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
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
   * A link to the cell's e2e page: in the newest of {@code folders} (the run's parts) that has it
   * or, while Gatling has not written the newest part's report yet (a run's own report comes
   * first), the one it will write there.
   */
  static String forCell(Path runDir, List<Path> folders, String cell) {
    String kind = "e2e";
    Optional<String> page = pageName(cell + " " + kind);
    if (page.isEmpty()) {
      return "";
    }
    for (int i = folders.size() - 1; i >= 0; i--) {
      Path folder = folders.get(i);
      boolean pending =
          i == folders.size() - 1
              && !Files.exists(folder.resolve("index.html"))
              && ranIn(folder, cell);
      if (pending || Files.isRegularFile(folder.resolve(page.get()))) {
        return MatrixPage.link(href(runDir, folder.resolve(page.get())), kind);
      }
    }
    return "";
  }

  /** Whether {@code cell} ran in the part kept in {@code folder}: all do, when it has no list. */
  private static boolean ranIn(Path folder, String cell) {
    Path list = folder.resolve(CELLS_FILE);
    try {
      return !Files.isRegularFile(list)
          || Files.readAllLines(list, StandardCharsets.UTF_8).contains(cell);
    } catch (IOException e) {
      return false;
    }
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
