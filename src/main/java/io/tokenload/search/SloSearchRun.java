package io.tokenload.search;

import io.tokenload.drive.DrivenRun;
import io.tokenload.tokenizer.Tokenizer;
import io.tokenload.tokenizer.Tokenizers;
import io.tokenload.workload.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A whole search against one endpoint: its folder under the reports folder ({@code search-<time>/},
 * one run folder per probe), the probes, and the outputs ({@link SearchReport}).
 */
public final class SloSearchRun {

  /**
   * What to search for and how each probe is shaped.
   *
   * @param minRequests requests of each probe at least
   * @param requestsPerUser a concurrency probe sends this many per user at least
   * @param probeSeconds a rate probe offers its rate this long at least
   */
  public record Settings(
      SloSearch.Mode mode,
      List<Objective> slo,
      double start,
      double max,
      int inputTokens,
      int outputTokens,
      int minRequests,
      int requestsPerUser,
      double probeSeconds,
      String tokenizer,
      Path reportsDir) {}

  private SloSearchRun() {}

  /** Runs the search, printing each probe and the answer to {@code console} as they come. */
  public static SloSearch.Result run(
      Settings s, Endpoint endpoint, String target, Consumer<String> console)
      throws IOException, InterruptedException {
    Tokenizer tokenizer = Tokenizers.load(s.tokenizer());
    int overhead = DrivenRun.templateOverhead(endpoint, tokenizer);
    Path folder = DrivenRun.newFolder(s.reportsDir(), "search");
    Files.createDirectories(folder);
    ProbeRunner.Shape shape =
        new ProbeRunner.Shape(
            s.inputTokens(),
            s.outputTokens(),
            s.minRequests(),
            s.requestsPerUser(),
            s.probeSeconds(),
            overhead);
    boolean rate = s.mode() == SloSearch.Mode.MAX_RATE;
    console.accept(
        "tokenload search: "
            + s.mode().wireName()
            + " meeting "
            + String.join(",", s.slo().stream().map(Objective::toString).toList())
            + " on "
            + target
            + "; probes in "
            + folder);
    SloSearch.Result result;
    try (ProbeRunner runner =
        new ProbeRunner(endpoint, target, tokenizer, shape, s.slo(), folder)) {
      result =
          new SloSearch(
                  s.mode(),
                  s.slo(),
                  s.start(),
                  s.max(),
                  level -> {
                    Probe p = runner.probe(level, rate);
                    console.accept(
                        "tokenload search: " + SearchReport.probeLine(p, s.mode().wireName()));
                    return p;
                  })
              .run();
    }
    SearchReport.write(folder, result, s.slo());
    List<String> lines = SearchReport.lines(result);
    console.accept("tokenload search: " + lines.get(lines.size() - 1));
    console.accept(
        "tokenload search: results in "
            + folder.resolve(SearchReport.JSON_FILE)
            + " and "
            + folder.resolve(SearchReport.HTML_FILE));
    return result;
  }
}
