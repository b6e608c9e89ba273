package io.tokenload.eval.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tokenload.eval.EvalException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload merge-indicators DIR --out merged.json [--html merged.html] [--model NAME]
 * [--thresholds FILE]}: every indicator contract of a folder in one JSON file (each contract as it
 * is, with {@code file} added) and one HTML page; with thresholds, each check's PASS/FAIL too.
 */
public final class MergeIndicators {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MergeIndicators() {}

  static Options options() {
    return new Options()
        .addOption(GateMode.opt("out", "the merged JSON file (required)"))
        .addOption(GateMode.opt("html", "the merged HTML page"))
        .addOption(GateMode.opt("model", "keep only contracts of this model (or naming none)"))
        .addOption(GateMode.opt("thresholds", "add each limit's PASS/FAIL from this file"))
        .addOption(Option.builder().longOpt("dry-run").desc("check the arguments, exit 0").get())
        .addOption("h", "help", false, "show this help");
  }

  public static int run(String[] args, PrintStream out) throws IOException {
    CommandLine line = GateMode.parse(options(), args);
    if (line.hasOption("help")) {
      new HelpFormatter()
          .printHelp(
              new java.io.PrintWriter(out, true),
              100,
              "tokenload merge-indicators DIR --out merged.json [--html merged.html]",
              "merge a folder's indicator contracts into one JSON file and one HTML page",
              options(),
              2,
              2,
              "");
      return 0;
    }
    if (line.getArgList().size() != 1) {
      throw new EvalException(
          "expected one folder of indicator files, got " + line.getArgList().size() + " arguments");
    }
    String outFile = line.getOptionValue("out");
    if (outFile == null || !outFile.endsWith(".json")) {
      throw new EvalException("--out is required: the merged file, ending in .json");
    }
    if (line.hasOption("dry-run")) {
      out.println("tokenload merge-indicators: arguments are valid");
      return 0;
    }
    Path dir = Path.of(line.getArgList().get(0));
    if (!Files.isDirectory(dir)) {
      throw new EvalException(dir + " is not a folder; give the folder of indicator files");
    }
    Thresholds thresholds =
        line.hasOption("thresholds")
            ? Thresholds.read(Path.of(line.getOptionValue("thresholds")))
            : null;
    String model = line.getOptionValue("model");
    List<IndicatorFiles.Found> found = new ArrayList<>();
    for (IndicatorFiles.Found f : IndicatorFiles.read(dir)) {
      JsonNode m = f.contract().get("model");
      if (model == null || m == null || m.isNull() || model.equals(m.asText())) {
        found.add(f);
      }
    }
    if (found.isEmpty()) {
      throw new EvalException(
          dir + " holds no indicator contract" + (model == null ? "" : " of model " + model));
    }
    IndicatorGate.Verdict verdict =
        thresholds == null ? null : IndicatorGate.check(found, thresholds, dir);
    ObjectNode merged = JSON.createObjectNode();
    merged.put("schema_version", 1);
    merged.put("model", model);
    merged.put("generated_at", Instant.now().toString());
    ArrayNode list = merged.putArray(IndicatorFiles.MERGED_LIST);
    for (IndicatorFiles.Found f : found) {
      ObjectNode entry = f.contract().deepCopy();
      entry.put("file", f.file());
      list.add(entry);
    }
    if (verdict != null) {
      merged.put("gate", verdict.pass() ? "PASS" : "FAIL");
      ArrayNode checks = merged.putArray("checks");
      verdict.lines().forEach(checks::add);
    }
    Path outPath = Path.of(outFile);
    if (outPath.toAbsolutePath().getParent() != null) {
      Files.createDirectories(outPath.toAbsolutePath().getParent());
    }
    JSON.writeValue(outPath.toFile(), merged);
    out.println("wrote " + outPath + " (" + found.size() + " indicators)");
    if (line.hasOption("html")) {
      Path html = Path.of(line.getOptionValue("html"));
      Files.writeString(html, MergedPage.html(merged), StandardCharsets.UTF_8);
      out.println("wrote " + html);
    }
    return 0;
  }
}
