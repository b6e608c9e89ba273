package io.tokenload.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.backend.Backend;
import io.tokenload.backend.Backends;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a model matrix into runs: for each row, the properties of its run ({@code
 * plan/<row>.props}, one {@code -Dname=value} per line, keys named by variable only) or the reason
 * it is skipped (its key's variables are unset). The runs themselves are {@code run_1k_4k.sh}'s.
 */
public final class MatrixPlan {

  /** Where the rows' properties are written in the matrix run's folder. */
  public static final String FOLDER = "plan";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One row's fate.
   *
   * @param skipReason why it does not run, or null when it does
   */
  public record Step(ModelRow row, List<String> properties, String skipReason) {}

  private MatrixPlan() {}

  /** The steps of {@code rows}, given the environment (with the {@code .env} file's variables). */
  public static List<Step> of(List<ModelRow> rows, Map<String, String> env) throws IOException {
    List<Step> steps = new ArrayList<>();
    for (ModelRow row : rows) {
      List<String> vars = row.keyVariables();
      var key = row.keyVariable(env);
      if (!vars.isEmpty() && key.isEmpty()) {
        steps.add(
            new Step(
                row,
                List.of(),
                (vars.size() == 1 ? "needs " : "needs one of ")
                    + String.join(" or ", vars)
                    + ", which "
                    + (vars.size() == 1 ? "is" : "are")
                    + " not set"));
        continue;
      }
      List<String> p = new ArrayList<>();
      Backend backend = Backends.named(row.backend(), "backend");
      p.add("-Dbackend=" + row.backend());
      String base = row.baseUrl();
      if (base == null) {
        base = backend.defaultBaseUrl().map(URI::toString).orElse(null);
      }
      if (base != null && !"embedded".equals(base)) {
        p.add("-Dbase.url=" + base);
      }
      p.add("-Dmodel=" + row.model());
      key.ifPresent(v -> p.add("-Dapi.key.env=" + v));
      if (row.params() != null && !row.params().isEmpty()) {
        p.add("-Dgeneration.json=" + JSON.writeValueAsString(row.params()));
      }
      steps.add(new Step(row, List.copyOf(p), null));
    }
    return steps;
  }

  /** Writes each running row's properties to {@code dir/plan/<row>.props}. */
  public static void write(Path dir, List<Step> steps) throws IOException {
    Files.createDirectories(dir.resolve(FOLDER));
    for (Step s : steps) {
      if (s.skipReason() == null) {
        Files.write(dir.resolve(FOLDER).resolve(s.row().name() + ".props"), s.properties());
      }
    }
  }
}
