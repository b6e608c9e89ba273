package io.tokenload.service;

import io.tokenload.service.api.ApiServer;
import io.tokenload.service.runner.EventHub;
import io.tokenload.service.runner.Launcher;
import io.tokenload.service.runner.RunPriority;
import io.tokenload.service.runner.TaskRunner;
import io.tokenload.service.store.Database;
import io.tokenload.service.store.TaskStore;
import io.tokenload.workload.ModelRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code tokenload server}: the batch performance service of seed 002 ({@code docs/service.md}).
 * Wires the task database, the runner of child processes and the HTTP server; on start, tasks a
 * previous process left running are marked interrupted.
 */
public final class Service implements AutoCloseable {

  /** Everything the service is started with. */
  public record Settings(
      String host,
      int port,
      Path dataDir,
      Path reportsDir,
      Path projectDir,
      ApiToken token,
      Path models,
      int maxParallel,
      String launcher) {}

  private final Database db;
  private final TaskRunner runner;
  private final ApiServer api;
  private final Launcher launcher;

  private Service(Database db, TaskRunner runner, ApiServer api, Launcher launcher) {
    this.db = db;
    this.runner = runner;
    this.api = api;
    this.launcher = launcher;
  }

  public static Service start(Settings s) throws IOException {
    ModelRegistry registry = ModelRegistry.read(s.models());
    Launcher launcher = Launcher.of(s.launcher(), s.projectDir());
    Database db = Database.open(s.dataDir());
    try {
      TaskStore store = new TaskStore(db);
      EventHub hub = new EventHub(store);
      TaskRunner runner =
          new TaskRunner(store, hub, launcher, s.dataDir(), s.reportsDir(), s.maxParallel());
      runner.recover();
      // The API first: a port in use stops the start before any task runs.
      ApiServer api =
          ApiServer.start(s.host(), s.port(), s.token().value(), store, runner, hub, registry);
      runner.start();
      return new Service(db, runner, api, launcher);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  public int port() {
    return api.port();
  }

  public String launcherKind() {
    return launcher.kind();
  }

  /**
   * Puts every thread of the service but those that start the runs at {@code nice}, so a run's
   * child keeps the cores first ({@link RunPriority}); returns what it did, for the start line.
   */
  public String keepRunsFirst(int nice) throws InterruptedException {
    return RunPriority.lowerAllBut(runner.slotThreadIds(), nice);
  }

  /** Stops serving; running children go on and a restart finds their tasks interrupted. */
  @Override
  public void close() {
    api.close();
    runner.close();
    db.close();
  }
}
