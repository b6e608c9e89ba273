package io.tokenload.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.service.client.BatchConfig;
import io.tokenload.service.client.ServiceClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code tokenload batch}: seed 002's client script. Reads {@code batch_test_config.json}, submits
 * one scenario to the service, prints progress as cells finish and saves the task's results in
 * {@code ./batch_test_results/}. Exits 0 when the task completed, 1 when it failed, was cancelled
 * or interrupted, 2 on a bad config or a refused submission.
 */
final class BatchCommand implements Command {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ENDED =
      List.of("completed", "failed", "cancelled", "interrupted");

  @Override
  public String name() {
    return "batch";
  }

  @Override
  public String summary() {
    return "submit a scenario of batch_test_config.json to the service and follow it";
  }

  @Override
  public String usage() {
    return "--config batch_test_config.json [SCENARIO] [--results-dir batch_test_results]";
  }

  private static Options options() {
    return new Options()
        .addOption(ServeCommand.opt("config", "seed 002's batch file (required)"))
        .addOption(
            ServeCommand.opt("results-dir", "where results are saved (default batch_test_results)"))
        .addOption("h", "help", false, "show this help");
  }

  @Override
  public int run(String[] args, PrintStream out) throws Exception {
    CommandLine line = Args.parse(options(), args);
    if (line.hasOption("help")) {
      Args.help(
          out,
          name(),
          usage(),
          summary(),
          options(),
          "SCENARIO defaults to run_1k_4K_equivalent. Details: docs/service.md");
      return 0;
    }
    if (!line.hasOption("config")) {
      throw new UsageException("--config is required, such as --config batch_test_config.json");
    }
    if (line.getArgList().size() > 1) {
      throw new UsageException("one scenario at most; got " + line.getArgList());
    }
    String scenarioArg = line.getArgList().isEmpty() ? null : line.getArgList().get(0);
    BatchConfig config;
    try {
      config =
          BatchConfig.read(Path.of(line.getOptionValue("config")), scenarioArg, System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ServiceClient client = new ServiceClient(config.baseUrl(), config.token(), config.timeout());
    JsonNode created;
    try {
      created = client.submit(config.scenario());
    } catch (ServiceClient.Refused e) {
      if (e.status == 400) {
        throw new UsageException(
            "the service refused scenario '" + config.scenarioName() + "': " + e.getMessage());
      }
      throw new IllegalStateException(
          "the service answered " + e.status + ": " + e.getMessage(), e);
    }
    long id = created.path("task_id").asLong();
    out.println(
        "task "
            + id
            + " ("
            + config.scenarioName()
            + "): "
            + created.path("cells").asInt()
            + " cells queued; pairing: "
            + created.path("pairing").path("text").asText());
    out.println("page: " + config.baseUrl().resolve("../perf-eval/results/" + id));
    JsonNode task = follow(client, id, config, out);
    Path saved =
        save(
            task,
            config.scenarioName(),
            Path.of(line.getOptionValue("results-dir", "batch_test_results")));
    printSummary(task, out);
    out.println("results saved in " + saved);
    return task.path("status").asText().equals("completed") ? 0 : 1;
  }

  private static JsonNode follow(ServiceClient client, long id, BatchConfig config, PrintStream out)
      throws Exception {
    Set<String> reported = new HashSet<>();
    String last = "";
    while (true) {
      JsonNode task = client.task(id);
      String status = task.path("status").asText();
      if (config.showProgress()) {
        for (JsonNode c : task.path("cells")) {
          if (c.hasNonNull("result") && reported.add(c.path("name").asText())) {
            JsonNode r = c.path("result");
            out.printf(
                Locale.ROOT,
                "  cell %s done: %d requests, %.1f output tok/s, TTFT p50 %.1f ms, ITL p50 %.2f ms, %d failed%n",
                c.path("name").asText(),
                r.path("completed").asLong() + r.path("failed").asLong(),
                r.path("throughput").path("output_tokens_per_s").asDouble(),
                r.path("latency").path("ttft_ms").path("p50").asDouble(),
                r.path("latency").path("itl_ms").path("p50").asDouble(),
                r.path("failed").asLong());
          }
        }
        JsonNode p = task.path("progress");
        String now =
            status
                + ": "
                + p.path("cells_finished").asLong()
                + " of "
                + p.path("cells_total").asLong()
                + " cells"
                + (p.has("requests_done")
                    ? ", "
                        + p.path("requests_done").asLong()
                        + " of "
                        + p.path("requests_total").asLong()
                        + " requests"
                    : "");
        if (!now.equals(last)) {
          out.println(now);
          last = now;
        }
      }
      if (ENDED.contains(status)) {
        return task;
      }
      Thread.sleep(config.checkInterval().toMillis());
    }
  }

  private static Path save(JsonNode task, String scenario, Path dir) throws Exception {
    Files.createDirectories(dir);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path file =
        dir.resolve(
            scenario.replaceAll("[^A-Za-z0-9_.-]", "_")
                + "_task"
                + task.path("id").asLong()
                + "_"
                + stamp
                + ".json");
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), task);
    return file;
  }

  private static void printSummary(JsonNode task, PrintStream out) {
    JsonNode s = task.path("summary");
    out.printf(
        Locale.ROOT,
        "task %d %s: %d of %d cells finished, success rate %.1f %%, failure rate %.1f %%;"
            + " %d requests (%d failed); peak %.1f output tok/s%n",
        task.path("id").asLong(),
        task.path("status").asText(),
        s.path("finished_cells").asLong(),
        s.path("total_cells").asLong(),
        100 * s.path("success_rate").asDouble(),
        100 * s.path("failure_rate").asDouble(),
        s.path("requests").asLong(),
        s.path("failed_requests").asLong(),
        s.path("peak_output_tokens_per_s").asDouble());
    if (!task.path("status").asText().equals("completed")) {
      out.println("  " + task.path("message").asText());
    }
  }
}
