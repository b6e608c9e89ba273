package io.tokenload.service.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tokenload.priority.ThreadPriority;
import io.tokenload.report.Results;
import io.tokenload.service.store.Cell;
import io.tokenload.service.store.Status;
import io.tokenload.service.store.Task;
import io.tokenload.service.store.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks in child processes, at most {@code maxParallel} at a time, in the order submitted. A
 * child is {@code MatrixSimulation} (the engine of {@code run_1k_4k.sh}) on the task's run
 * definition; its run folder lies in {@code <reports>/service/task-<id>/}, its output in {@code
 * <data-dir>/tasks/<id>/child.log}. A crash of a run cannot take the service down, and the service
 * only reads the folder while the run goes on.
 */
public final class TaskRunner implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_MILLIS = 500;

  private record Job(long taskId, boolean resume) {}

  /** A task whose child runs. */
  private static final class Running {
    final RunWatcher watcher;
    volatile Process process;
    volatile boolean cancelled;

    Running(RunWatcher watcher) {
      this.watcher = watcher;
    }
  }

  /** What the service knows of a running task beyond the database: its live request count. */
  public record Live(long requestsDone, String currentCell) {}

  private final TaskStore store;
  private final EventHub hub;
  private final Launcher launcher;
  private final Path dataDir;
  private final Path reportsDir;
  private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private final Map<Long, Running> running = new ConcurrentHashMap<>();
  private final ExecutorService slots;
  private final int maxParallel;
  private volatile boolean closing;

  /** The kernel ids of the slots' threads, which start the runs: see {@link RunPriority}. */
  private final java.util.Set<Long> slotThreadIds = ConcurrentHashMap.newKeySet();

  private final CountDownLatch slotsUp;

  /** Cancelled between leaving the queue and starting: the slot sees it before starting. */
  private final java.util.Set<Long> cancelledEarly = ConcurrentHashMap.newKeySet();

  public TaskRunner(
      TaskStore store,
      EventHub hub,
      Launcher launcher,
      Path dataDir,
      Path reportsDir,
      int maxParallel) {
    this.store = store;
    this.hub = hub;
    this.launcher = launcher;
    this.dataDir = dataDir;
    this.reportsDir = reportsDir;
    this.maxParallel = maxParallel;
    this.slots = Executors.newFixedThreadPool(maxParallel, r -> new Thread(r, "task-slot"));
    this.slotsUp = new CountDownLatch(maxParallel);
  }

  /**
   * Marks tasks a stopped service left running as interrupted and queues again the queued ones;
   * call before the API takes requests, then {@link #start}.
   */
  public void recover() {
    for (Task t : store.withStatus(Status.RUNNING)) {
      interrupted(t);
    }
    List<Task> queued = new ArrayList<>(store.withStatus(Status.QUEUED));
    java.util.Collections.reverse(queued);
    queued.forEach(t -> queue.add(new Job(t.id(), t.runDir() != null)));
  }

  /** Starts running queued tasks. */
  public void start() {
    for (int i = 0; i < maxParallel; i++) {
      slots.submit(this::slot);
    }
  }

  private void interrupted(Task t) {
    Path parent = runParent(t.id());
    boolean stopped = t.childPid() != null && ProcessTree.stopOrphan(t.childPid(), parent);
    Path runDir = t.runDir() == null ? null : Path.of(t.runDir());
    try {
      RunWatcher watcher = new RunWatcher(t.id(), parent, runDir, store, hub);
      watcher.poll();
      runDir = watcher.runDir();
    } catch (IOException | RuntimeException e) {
      LOG.warn("task {}: cannot read its run folder: {}", t.id(), e.getMessage());
    }
    List<Cell> cells = store.cells(t.id());
    long finished = cells.stream().filter(c -> c.status().equals(Cell.FINISHED)).count();
    resetCut(t.id(), cells);
    if (finished == cells.size()
        && runDir != null
        && Files.isRegularFile(runDir.resolve(Results.SUMMARY_FILE))) {
      // The child went on alone after the service died, and finished.
      String message = "completed while the service was down";
      store.ended(t.id(), Status.COMPLETED, null, message, summary(t.id(), runDir));
      status(t.id(), Status.COMPLETED, message);
      return;
    }
    String message =
        "the service stopped while this task ran"
            + (stopped ? " (its run, still going, was stopped)" : "")
            + "; POST /api/performance-eval/tasks/"
            + t.id()
            + "/resume goes on from its "
            + finished
            + " finished cells";
    store.status(t.id(), Status.INTERRUPTED, message);
    status(t.id(), Status.INTERRUPTED, message);
  }

  /** A cell cut while running goes back to pending: a resume runs it again from scratch. */
  private void resetCut(long id, List<Cell> cells) {
    for (Cell c : cells) {
      if (c.status().equals(Cell.RUNNING)) {
        store.cellStatus(id, c.name(), Cell.PENDING);
      }
    }
  }

  private static JsonNode summary(long id, Path runDir) {
    if (runDir == null || !Files.isRegularFile(runDir.resolve(Results.SUMMARY_FILE))) {
      return null;
    }
    try {
      return JSON.readTree(runDir.resolve(Results.SUMMARY_FILE).toFile()).path("run");
    } catch (IOException e) {
      LOG.warn("task {}: unreadable summary: {}", id, e.getMessage());
      return null;
    }
  }

  /** Queues a created task. */
  public void submit(long taskId) {
    status(taskId, Status.QUEUED, null);
    queue.add(new Job(taskId, false));
  }

  /**
   * Goes on with an interrupted, cancelled or failed task from its finished cells.
   *
   * @throws IllegalStateException when the task cannot be resumed (message says why)
   */
  public synchronized void resume(long taskId) {
    Task t = store.task(taskId).orElseThrow();
    if (t.status() != Status.INTERRUPTED
        && t.status() != Status.CANCELLED
        && t.status() != Status.FAILED) {
      throw new IllegalStateException(
          "task "
              + taskId
              + " is "
              + t.status().label()
              + "; only interrupted, cancelled or"
              + " failed tasks can be resumed");
    }
    if (t.runDir() == null
        || !Files.isRegularFile(Path.of(t.runDir()).resolve("definition.json"))) {
      throw new IllegalStateException(
          "task "
              + taskId
              + " has no run folder to resume (it ended before its run began);"
              + " submit it again");
    }
    store.status(taskId, Status.QUEUED, "resuming from its finished cells");
    status(taskId, Status.QUEUED, "resuming from its finished cells");
    queue.add(new Job(taskId, true));
  }

  /**
   * Cancels a queued or running task; a running child is stopped (its whole process tree) and its
   * finished cells are kept. Returns false when the task had already ended.
   */
  public synchronized boolean cancel(long taskId) {
    Running r = running.get(taskId);
    if (r != null) {
      r.cancelled = true;
      Process p = r.process;
      if (p != null) {
        ProcessTree.stop(p.toHandle(), 10);
      }
      return true;
    }
    if (queue.removeIf(j -> j.taskId() == taskId)) {
      store.status(taskId, Status.CANCELLED, "cancelled before it started");
      status(taskId, Status.CANCELLED, "cancelled before it started");
      return true;
    }
    if (store.task(taskId).map(t -> t.status() == Status.QUEUED).orElse(false)) {
      cancelledEarly.add(taskId); // a slot has just taken it
      return true;
    }
    return false;
  }

  public Optional<Live> live(long taskId) {
    Running r = running.get(taskId);
    return r == null
        ? Optional.empty()
        : Optional.of(new Live(r.watcher.requestsDone(), r.watcher.currentCell()));
  }

  /**
   * The kernel ids of the threads that start the runs, once {@link #start} has them running (empty
   * where the kernel does not say).
   */
  public java.util.Set<Long> slotThreadIds() throws InterruptedException {
    slotsUp.await(10, TimeUnit.SECONDS);
    return java.util.Set.copyOf(slotThreadIds);
  }

  private void slot() {
    ThreadPriority.currentThreadId().ifPresent(slotThreadIds::add);
    slotsUp.countDown();
    while (!Thread.currentThread().isInterrupted()) {
      Job job;
      try {
        job = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      try {
        run(job);
      } catch (IOException | RuntimeException e) {
        LOG.error("task {} could not run: {}", job.taskId(), e.getMessage(), e);
        store.ended(job.taskId(), Status.FAILED, null, "could not run: " + e.getMessage(), null);
        status(job.taskId(), Status.FAILED, "could not run: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void run(Job job) throws IOException, InterruptedException {
    long id = job.taskId();
    Task task = store.task(id).orElseThrow();
    Path taskDir = Files.createDirectories(dataDir.resolve("tasks").resolve(Long.toString(id)));
    Path gatling = taskDir.resolve("gatling");
    List<String> command;
    if (job.resume()) {
      command = launcher.resume(Path.of(task.runDir()), gatling);
    } else {
      Path definition = taskDir.resolve("definition.json");
      JSON.writerWithDefaultPrettyPrinter().writeValue(definition.toFile(), task.definition());
      setAsideEarlierRuns(id);
      command = launcher.fresh(definition, runParent(id), gatling);
    }
    Running r =
        new Running(
            new RunWatcher(
                id,
                runParent(id),
                task.runDir() == null ? null : Path.of(task.runDir()),
                store,
                hub));
    running.put(id, r);
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(launcher.projectDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(taskDir.resolve("child.log").toFile()));
      // The run needs the target's key variables, not the service's own token (ApiToken.ENV).
      builder.environment().remove("TOKENLOAD_API_TOKEN");
      Process p;
      synchronized (this) { // with cancel(): a task cancelled from here on is seen
        if (r.cancelled || cancelledEarly.remove(id)) {
          store.ended(id, Status.CANCELLED, null, "cancelled before it started", null);
          status(id, Status.CANCELLED, "cancelled before it started");
          return;
        }
        p = builder.start();
        r.process = p;
      }
      store.started(id, p.pid());
      status(id, Status.RUNNING, job.resume() ? "resumed" : null);
      LOG.info("task {}: child {} started ({} launcher)", id, p.pid(), launcher.kind());
      while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        watch(r);
      }
      watch(r);
      finish(id, r, p.exitValue(), taskDir.resolve("child.log"));
    } finally {
      running.remove(id);
    }
  }

  private void watch(Running r) {
    try {
      r.watcher.poll();
    } catch (IOException | RuntimeException e) {
      LOG.warn("reading a run folder failed, will look again: {}", e.getMessage());
    }
  }

  private void finish(long id, Running r, int exit, Path log) {
    List<Cell> cells = store.cells(id);
    boolean all = cells.stream().allMatch(c -> c.status().equals(Cell.FINISHED));
    JsonNode summary = summary(id, r.watcher.runDir());
    Status status;
    String message;
    if (closing && !r.cancelled) {
      status = Status.INTERRUPTED;
      message =
          "the service was stopped while this task ran; POST /api/performance-eval/tasks/"
              + id
              + "/resume goes on from its finished cells";
    } else if (r.cancelled) {
      status = Status.CANCELLED;
      message = "cancelled; its finished cells are kept";
    } else if (exit == 0 && all) {
      status = Status.COMPLETED;
      message = "completed";
    } else {
      status = Status.FAILED;
      message = "the run exited with code " + exit + ": " + ChildLog.lastLines(log, 3);
    }
    resetCut(id, cells);
    store.ended(id, status, exit, message, status == Status.CANCELLED ? null : summary);
    status(id, status, message);
  }

  private void status(long id, Status status, String message) {
    hub.publish(
        id,
        "status",
        JSON.createObjectNode().put("status", status.label()).put("message", message));
  }

  /**
   * A fresh task's run folder is found as the one under its parent, so a parent left by a task of
   * the same number in an earlier database (its data folder deleted, its reports kept) would have
   * its old run read as this task's results. That parent is renamed, not deleted.
   */
  private void setAsideEarlierRuns(long id) throws IOException {
    Path parent = runParent(id);
    boolean used;
    try (Stream<Path> entries = Files.isDirectory(parent) ? Files.list(parent) : Stream.empty()) {
      used = entries.findAny().isPresent();
    }
    if (!used) {
      return;
    }
    Path aside = parent.resolveSibling(parent.getFileName() + "-earlier");
    for (int n = 2; Files.exists(aside); n++) {
      aside = parent.resolveSibling(parent.getFileName() + "-earlier-" + n);
    }
    Files.move(parent, aside);
    LOG.warn("task {}: {} held runs of an earlier task {}; moved to {}", id, parent, id, aside);
  }

  Path runParent(long taskId) {
    return reportsDir.resolve("service").resolve("task-" + taskId).toAbsolutePath();
  }

  /**
   * Stops taking tasks and stops the running children, whose tasks become interrupted (resumable).
   * A service killed without this (kill -9) leaves them to the next start, which does the same.
   */
  @Override
  public void close() {
    closing = true;
    for (Running r : running.values()) {
      Process p = r.process;
      if (p != null) {
        ProcessTree.stop(p.toHandle(), 10);
      }
    }
    slots.shutdown();
    try {
      // The slots note the stopped runs; a slot waiting for work is interrupted below.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!running.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    slots.shutdownNow();
  }
}
