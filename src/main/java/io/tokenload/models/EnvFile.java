package io.tokenload.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .env} file: {@code NAME=value} lines, with an optional {@code export} before the
 * name, {@code #} comments and blank lines, values optionally in single or double quotes. Values
 * are never printed: errors name the line and variable only.
 */
public final class EnvFile {

  private EnvFile() {}

  /** The variables of {@code file}; empty when it does not exist and {@code required} is false. */
  public static Map<String, String> read(Path file, boolean required) throws IOException {
    if (!Files.isRegularFile(file)) {
      if (required) {
        throw new IllegalArgumentException("--env-file " + file + " does not exist");
      }
      return Map.of();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring("export ".length()).strip();
      }
      int eq = line.indexOf('=');
      String name = eq < 0 ? line : line.substring(0, eq).strip();
      if (eq < 0 || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException(
            file + ": line " + (i + 1) + " is not NAME=value (a variable name, '=', its value)");
      }
      vars.put(name, unquote(line.substring(eq + 1).strip()));
    }
    return vars;
  }

  private static String unquote(String v) {
    if (v.length() >= 2
        && ((v.startsWith("\"") && v.endsWith("\"")) || (v.startsWith("'") && v.endsWith("'")))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
