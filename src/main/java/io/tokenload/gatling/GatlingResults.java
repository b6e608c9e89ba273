package io.tokenload.gatling;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where Gatling writes this JVM's results: the {@code --results-folder} it was started with.
 * gatling-maven-plugin passes its arguments in the fork's booter jar ({@code META-INF/args.txt},
 * read by its {@code ForkMain}), a test's Gatling JVM on its command line; without either it is
 * Gatling's default under the project, {@code target/gatling}.
 */
final class GatlingResults {

  private static final String FLAG = "--results-folder";
  private static final String SHORT_FLAG = "-rf";
  private static final String BOOTER_ARGS = "META-INF/args.txt";

  private GatlingResults() {}

  static Path root() {
    List<String> args = new ArrayList<>();
    args.addAll(commandLine());
    args.addAll(booterArgs());
    return after(args).map(Path::of).orElse(Path.of("target", "gatling"));
  }

  static Optional<String> after(List<String> args) {
    for (int i = 0; i + 1 < args.size(); i++) {
      if (args.get(i).equals(FLAG) || args.get(i).equals(SHORT_FLAG)) {
        return Optional.of(args.get(i + 1));
      }
    }
    return Optional.empty();
  }

  /**
   * This JVM's arguments. Linux's {@code /proc/self/cmdline} first: {@code ProcessHandle} gives
   * none for a command line as long as a Maven test classpath makes it.
   */
  private static List<String> commandLine() {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      return List.of(new String(raw, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException | UnsupportedOperationException e) {
      return ProcessHandle.current().info().arguments().map(List::of).orElse(List.of());
    }
  }

  private static List<String> booterArgs() {
    List<String> lines = new ArrayList<>();
    try (InputStream in = ClassLoader.getSystemResourceAsStream(BOOTER_ARGS)) {
      if (in != null) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          lines.add(line.strip());
        }
      }
    } catch (IOException e) {
      // No booter: not started by gatling-maven-plugin.
    }
    return lines;
  }
}
