package io.tokenload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code progress.jsonl}: a line per cell as it finishes, {@code {"cell":…,"finished_at":…}}. A
 * resumed run skips the cells it names; a merge calls a shard that does not name all of its cells
 * cut short.
 */
public final class CellProgress {

  public static final String FILE = "progress.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private CellProgress() {}

  /** The cells {@code progress.jsonl} names as finished; a damaged last line is ignored. */
  public static Set<String> finished(Path runDir) throws IOException {
    Set<String> done = new LinkedHashSet<>();
    Path file = runDir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return done;
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        try {
          done.add(JSON.readTree(line).get("cell").asText());
        } catch (IOException | NullPointerException e) {
          // A line cut by the interruption: that cell is not known to be finished.
        }
      }
    }
    return done;
  }
}
