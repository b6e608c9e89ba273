package io.tokenload.drive;

import io.tokenload.report.RunInfo;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.workload.CellSpec;
import io.tokenload.workload.Endpoint;
import io.tokenload.workload.TemplateProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** The {@code run.json} of a run driven outside Gatling, so the post-processor reads it as any. */
public final class DrivenRun {

  private DrivenRun() {}

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  /**
   * A new folder's path under {@code reports}: {@code <prefix>-<time>}, or {@code -2} … if taken.
   */
  public static Path newFolder(Path reports, String prefix) {
    String name = prefix + "-" + TIME.format(LocalDateTime.now());
    Path folder = reports.resolve(name);
    for (int i = 2; Files.exists(folder); i++) {
      folder = reports.resolve(name + "-" + i);
    }
    return folder;
  }

  /** Writes {@code run.json} into {@code runDir}. */
  public static void writeInfo(
      Path runDir,
      String runId,
      String command,
      String target,
      Endpoint endpoint,
      List<CellSpec> cells,
      String tokenizer,
      int templateOverheadTokens)
      throws IOException {
    new RunInfo(
            1,
            runId,
            command,
            Instant.now().toString(),
            target,
            Map.of(),
            endpoint.model(),
            endpoint.api().name().toLowerCase(),
            endpoint.flavour().name().toLowerCase(),
            endpoint.apiKey().map(k -> k.variable()).orElse(null),
            0,
            cells,
            null,
            tokenizer,
            templateOverheadTokens)
        .write(runDir);
  }

  /**
   * The chat template's tokens, measured as a run measures them ({@link TemplateProbe}); 0 for a
   * backend without a chat template or a server the probe cannot measure (its prompts then go
   * uncompensated).
   */
  public static int templateOverhead(Endpoint endpoint, Tokenizer tokenizer)
      throws InterruptedException {
    if (!endpoint.backend().chatTemplate()) {
      return 0;
    }
    try {
      return TemplateProbe.of(endpoint).overheadTokens(tokenizer);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
