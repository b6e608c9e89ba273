package io.tokenload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new database beside the run folders of an old one (its data folder deleted, its reports kept):
 * task 1 again. Its results are its own run's, and the old task 1's runs are kept aside.
 */
class EarlierRunsTest {

  private static final String TOKEN = "earlier-runs-token";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aNewTaskDoesNotTakeTheRunOfAnEarlierTaskOfTheSameNumber() throws Exception {
    Path old = Files.createDirectories(dir.resolve("reports/service/task-1/matrixsimulation-old"));
    Files.writeString(old.resolve("run.json"), "{\"simulation\":\"MatrixSimulation\"}");
    Files.writeString(old.resolve("summary.json"), "{\"run\":{\"completed\":999}}");
    try (Service service = TestService.start(dir, TOKEN)) {
      Api api = new Api(service.port(), TOKEN);
      long id =
          api.post(
                  "/api/performance-eval/batch-tasks/from-script",
                  "{\"model_id\": 1, \"num_prompts_list\": [3], \"max_concurrency_list\": [1],"
                      + " \"input_output_pairs\": [[16, 16]]}")
              .json()
              .path("task_id")
              .asLong();
      assertEquals(1, id);
      JsonNode done =
          api.awaitTask(id, t -> t.path("status").asText().matches("completed|failed"), 120);
      assertEquals("completed", done.path("status").asText(), done.toString());
      String runDir = done.path("run_dir").asText();
      assertFalse(runDir.contains("matrixsimulation-old"), runDir);
      assertTrue(runDir.contains("task-1"), runDir);
    }
    Path aside = dir.resolve("reports/service/task-1-earlier/matrixsimulation-old");
    assertEquals(
        "{\"run\":{\"completed\":999}}",
        Files.readString(aside.resolve("summary.json")),
        "the earlier run is kept, moved aside");
    JSON.readTree(aside.resolve("run.json").toFile());
  }
}
