package io.tokenload.cli;

import io.tokenload.models.EnvFile;
import io.tokenload.models.MatrixEvents;
import io.tokenload.models.MatrixPlan;
import io.tokenload.models.MatrixSummary;
import io.tokenload.models.ModelMatrix;
import io.tokenload.models.ModelRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model matrix's steps for {@code run_1k_4k.sh --models FILE}: {@code plan} checks the file and
 * writes each row's run properties or its skip reason, {@code event} notes a stage, {@code
 * summarize} writes {@code summary.json} and {@code index.html}. The runs are the script's.
 */
final class ModelsCommand implements Command {

  @Override
  public String name() {
    return "models";
  }

  @Override
  public String summary() {
    return "the model matrix steps of run_1k_4k.sh --models: plan, event, summarize";
  }

  @Override
  public String usage() {
    return "plan FILE DIR [ENV_FILE] | event DIR STAGE ROW [key=value...] | summarize FILE DIR";
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    if (args.length == 0) {
      throw new UsageException("expected plan, event or summarize");
    }
    try {
      return switch (args[0]) {
        case "plan" -> plan(args, out);
        case "event" -> event(args);
        case "summarize" -> summarize(args, out);
        default ->
            throw new UsageException(
                "'" + args[0] + "' is not a step; allowed: plan, event, summarize");
      };
    } catch (IllegalArgumentException e) {
      throw new InputError("run_1k_4k.sh: " + e.getMessage());
    }
  }

  /**
   * Prints {@code RUN<tab>row} or {@code SKIP<tab>row<tab>reason} per row and writes the rows'
   * properties; the environment is this process's with the env file's variables over it.
   */
  private static int plan(String[] args, PrintStream out) throws Exception {
    if (args.length < 3 || args.length > 4) {
      throw new UsageException("plan takes FILE DIR [ENV_FILE]");
    }
    Path dir = Path.of(args[2]);
    List<ModelRow> rows = ModelMatrix.read(Path.of(args[1]));
    Map<String, String> env = new HashMap<>(System.getenv());
    if (args.length == 4) {
      env.putAll(EnvFile.read(Path.of(args[3]), true));
    }
    List<MatrixPlan.Step> steps = MatrixPlan.of(rows, env);
    MatrixPlan.write(dir, steps);
    MatrixEvents.append(dir, "matrix_start", null, Map.of("file", args[1], "rows", rows.size()));
    for (MatrixPlan.Step s : steps) {
      if (s.skipReason() != null) {
        MatrixEvents.append(
            dir, "skip", s.row().name(), Map.of("status", "skipped", "reason", s.skipReason()));
        out.println("SKIP\t" + s.row().name() + "\t" + s.skipReason());
      } else {
        out.println("RUN\t" + s.row().name());
      }
    }
    return 0;
  }

  private static int event(String[] args) throws Exception {
    if (args.length < 4) {
      throw new UsageException("event takes DIR STAGE ROW [key=value...]");
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        throw new UsageException("'" + args[i] + "' is not key=value");
      }
      fields.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    String row = args[3].isEmpty() ? null : args[3];
    MatrixEvents.append(Path.of(args[1]), args[2], row, fields);
    return 0;
  }

  /** Exit 0 when no row that ran failed (skipped rows do not fail the matrix), else 1. */
  private static int summarize(String[] args, PrintStream out) throws Exception {
    if (args.length != 3) {
      throw new UsageException("summarize takes FILE DIR");
    }
    Path dir = Path.of(args[2]);
    List<MatrixSummary.Row> rows = MatrixSummary.write(dir, ModelMatrix.read(Path.of(args[1])));
    MatrixEvents.append(dir, "matrix_end", null, Map.of());
    boolean failed = false;
    for (MatrixSummary.Row r : rows) {
      out.printf(
          "%-28s %-18s %-16s %s%n",
          r.name(),
          r.backend(),
          r.status(),
          r.reason() != null ? r.reason() : r.figures().isEmpty() ? "" : headline(r.figures()));
      failed |= r.status().equals("failed") || r.status().equals("preflight_failed");
    }
    out.println("matrix: " + dir.resolve("summary.json") + " and " + dir.resolve("index.html"));
    return failed ? 1 : 0;
  }

  private static String headline(Map<String, Object> f) {
    String line =
        String.format(
            "%s req/s, TTFT p50 %s ms, ITL p50 %s ms; input %s/%s, output %s/%s tokens"
                + " (asked/achieved)",
            f.get("requests_per_s"),
            f.get("ttft_p50_ms"),
            f.get("itl_p50_ms"),
            f.get("input_tokens_asked"),
            f.get("input_tokens_achieved"),
            f.get("output_tokens_asked"),
            f.get("output_tokens_achieved"));
    Object unreported = f.get("output_lengths_unreported");
    if (unreported instanceof Long n && n > 0) {
      line +=
          "; "
              + n
              + " requests without server counts ("
              + f.get("output_tokens_counted")
              + " output tokens by the tokenizer)";
    }
    if (f.get("target_ttft_ms") != null) {
      line +=
          String.format(
              "; mean TTFT %s ms, ITL %s ms against the target's %s and %s",
              f.get("ttft_mean_ms"),
              f.get("itl_mean_ms"),
              f.get("target_ttft_ms"),
              f.get("target_itl_ms"));
    }
    return line;
  }
}
