package io.tokenload.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.metrics.RequestRecord;
import io.tokenload.report.RecordReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service killed with SIGKILL in the middle of a task, then started again: the task shows as
 * interrupted, and resuming it completes it with the finished cells unchanged. Real processes: the
 * server's JVM and the task's Gatling JVM.
 */
class ServiceCrashTest {

  private static final String TOKEN = "crash-test-token";
  private static final String TASK =
      """
      {"name": "crash", "model_id": 1, "dataset_id": -1, "num_prompts_list": [12],
       "max_concurrency_list": [1, 2, 3], "input_output_pairs": [[16, 400]]}""";

  @TempDir Path dir;
  private ServerProcess server;

  @AfterEach
  void stopServer() throws InterruptedException {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void aTaskCutByAKilledServiceIsInterruptedAndResumesKeepingItsFinishedCells() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path data = dir.resolve("data");
    Path reports = dir.resolve("reports");
    server = ServerProcess.start(data, reports, token, dir.resolve("first.log"));
    Api api = new Api(server.port, TOKEN);
    assertEquals(
        401,
        api.send("GET", "/api/performance-eval/tasks", null, null).status(),
        "no token, no answer");

    Api.Answer created = api.post("/api/performance-eval/batch-tasks/from-script", TASK);
    assertEquals(201, created.status(), created.json().toString());
    long id = created.json().path("task_id").asLong();
    JsonNode cut = api.awaitTask(id, t -> Api.finishedCells(t) == 1, 120);
    JsonNode firstResult = cut.path("cells").get(0).path("result");
    assertEquals("in16-out400-c1", cut.path("cells").get(0).path("name").asText());
    server.kill();

    server = ServerProcess.start(data, reports, token, dir.resolve("second.log"));
    api = new Api(server.port, TOKEN);
    JsonNode interrupted = api.get("/api/performance-eval/tasks/" + id).json();
    assertEquals("interrupted", interrupted.path("status").asText(), interrupted.toString());
    assertTrue(
        interrupted.path("message").asText().contains("was stopped"),
        "the orphaned run was stopped: " + interrupted.path("message"));
    assertEquals(firstResult, interrupted.path("cells").get(0).path("result"));

    assertEquals(202, api.post("/api/performance-eval/tasks/" + id + "/resume", "").status());
    JsonNode done =
        api.awaitTask(id, t -> t.path("status").asText().matches("completed|failed"), 120);
    assertEquals("completed", done.path("status").asText(), done.toString());
    assertEquals(3, Api.finishedCells(done));
    assertEquals(firstResult, done.path("cells").get(0).path("result"), "finished cell unchanged");

    Map<String, Integer> perCell = new HashMap<>();
    RecordReader.read(
        Path.of(done.path("run_dir").asText()).resolve("requests.jsonl"),
        (RequestRecord r) -> perCell.merge(r.cell(), 1, Integer::sum));
    assertEquals(
        Map.of("in16-out400-c1", 12, "in16-out400-c2", 12, "in16-out400-c3", 12),
        perCell,
        "each cell exactly once: the cut cell ran again from scratch");
  }

  @Test
  void stoppingTheServiceStopsItsRunAndLeavesTheTaskInterrupted() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    Path data = dir.resolve("data");
    Path reports = dir.resolve("reports");
    server = ServerProcess.start(data, reports, token, dir.resolve("first.log"));
    Api api = new Api(server.port, TOKEN);
    long id =
        api.post("/api/performance-eval/batch-tasks/from-script", TASK)
            .json()
            .path("task_id")
            .asLong();
    api.awaitTask(id, t -> Api.finishedCells(t) == 1, 120);
    long childPid = pidOf(id);
    assertRunsFirst(server.process.pid(), childPid);
    server.stop(); // SIGTERM: the shutdown hook stops the run

    assertTrue(
        childPid > 0 && ProcessHandle.of(childPid).map(h -> !h.isAlive()).orElse(true),
        "the run's process " + childPid + " was stopped with the service");
    server = ServerProcess.start(data, reports, token, dir.resolve("second.log"));
    JsonNode task = new Api(server.port, TOKEN).get("/api/performance-eval/tasks/" + id).json();
    assertEquals("interrupted", task.path("status").asText(), task.toString());
    assertTrue(
        task.path("message").asText().startsWith("the service was stopped while this task ran"),
        task.path("message").asText());
    assertEquals(1, Api.finishedCells(task));
  }

  /**
   * On Linux the service's own threads run at nice 10 and the thread that starts runs, with the run
   * it started, at 0 (RunPriority); in the run, its client's event loop stays at 0 while its other
   * threads go to 10 (LoopPriority).
   */
  private static void assertRunsFirst(long serverPid, long childPid) throws Exception {
    if (!Files.isDirectory(Path.of("/proc/self/task"))) {
      return; // not Linux: neither changes anything
    }
    Map<String, Integer> service = niceByName(serverPid);
    assertEquals(0, service.get("task-slot"), service.toString());
    assertEquals(10, service.get("VM Thread"), service.toString());
    Map<String, Integer> run = niceByName(childPid);
    assertEquals(0, run.get("gatling-1-1"), "the run's event loop: " + run);
    assertEquals(10, run.get("Finalizer"), "the run's other threads: " + run);
    if (Runtime.getRuntime().availableProcessors() >= 2) {
      Map<String, String> cpus = cpusByName(childPid);
      assertNotEquals(
          cpus.get("gatling-1-1"),
          cpus.get("Finalizer"),
          "the run's event loop has a CPU of its own (ThreadPlacement): " + cpus);
    }
  }

  /** Each thread name's CPUs (Cpus_allowed_list) in a process. */
  private static Map<String, String> cpusByName(long pid) throws IOException {
    Map<String, String> cpusByName = new HashMap<>();
    try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : threads.toList()) {
        String comm = Files.readString(t.resolve("comm")).strip();
        Files.readAllLines(t.resolve("status")).stream()
            .filter(l -> l.startsWith("Cpus_allowed_list:"))
            .findFirst()
            .ifPresent(l -> cpusByName.put(comm, l.substring(l.indexOf(':') + 1).strip()));
      }
    }
    return cpusByName;
  }

  /** The highest nice value of each thread name of a process. */
  private static Map<String, Integer> niceByName(long pid) throws IOException {
    Map<String, Integer> niceByName = new HashMap<>();
    try (var threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path t : threads.toList()) {
        String comm = Files.readString(t.resolve("comm")).strip();
        niceByName.merge(comm, nice(t.resolve("stat")), Math::max);
      }
    }
    return niceByName;
  }

  /** The nice value in a /proc stat file: the 19th field, the 17th after the command's ")". */
  private static int nice(Path stat) throws IOException {
    String s = Files.readString(stat);
    return Integer.parseInt(s.substring(s.lastIndexOf(')') + 2).split(" ")[16]);
  }

  /** The child's pid, from the line the runner logs when it starts it. */
  private long pidOf(long id) throws Exception {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("task " + id + ": child (\\d+) started")
            .matcher(Files.readString(server.log));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }
}
