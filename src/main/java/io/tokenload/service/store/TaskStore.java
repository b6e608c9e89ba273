package io.tokenload.service.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes tasks, cells, results and events. Every method is one short transaction, so the
 * database file is consistent whenever the service dies. Database failures rise as {@link
 * IllegalStateException}: the service cannot go on without its store.
 */
public final class TaskStore {

  private final Sql sql;

  public TaskStore(Database db) {
    this.sql = new Sql(db);
  }

  /** A task to insert, with its cells in run order. */
  public record NewTask(
      String name,
      String description,
      int modelId,
      int datasetId,
      JsonNode request,
      JsonNode definition,
      String pairing,
      List<Cell> cells) {}

  public long create(NewTask t) {
    return sql.tx(
        c -> {
          long id;
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO tasks (name, description, model_id, dataset_id, request_json,"
                      + " definition_json, pairing, status, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                  Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, t.name());
            s.setString(2, t.description());
            s.setInt(3, t.modelId());
            s.setInt(4, t.datasetId());
            s.setString(5, Sql.json(t.request()));
            s.setString(6, Sql.json(t.definition()));
            s.setString(7, t.pairing());
            s.setString(8, Status.QUEUED.label());
            s.setObject(9, Sql.time(Instant.now()));
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              keys.next();
              id = keys.getLong(1);
            }
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO cells (task_id, position, name, input_tokens, output_tokens,"
                      + " concurrency, requests, count_carried, status) VALUES (?,?,?,?,?,?,?,?,?)")) {
            for (Cell cell : t.cells()) {
              s.setLong(1, id);
              s.setInt(2, cell.position());
              s.setString(3, cell.name());
              s.setInt(4, cell.inputTokens());
              s.setInt(5, cell.outputTokens());
              s.setInt(6, cell.concurrency());
              s.setInt(7, cell.requests());
              s.setBoolean(8, cell.countCarried());
              s.setString(9, Cell.PENDING);
              s.addBatch();
            }
            s.executeBatch();
          }
          return id;
        });
  }

  public Optional<Task> task(long id) {
    List<Task> one = tasks("WHERE id = ?", id, 1, 0);
    return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
  }

  /** Newest first. */
  public List<Task> page(int limit, int offset) {
    return tasks("", null, limit, offset);
  }

  public List<Task> withStatus(Status status) {
    return tasks("WHERE status = ?", status.label(), 10_000, 0);
  }

  public long count() {
    return sql.tx(
        c -> {
          try (Statement s = c.createStatement();
              ResultSet r = s.executeQuery("SELECT COUNT(*) FROM tasks")) {
            r.next();
            return r.getLong(1);
          }
        });
  }

  private List<Task> tasks(String where, Object arg, int limit, int offset) {
    return sql.tx(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT * FROM tasks " + where + " ORDER BY id DESC LIMIT ? OFFSET ?")) {
            int i = 1;
            if (arg != null) {
              s.setObject(i++, arg);
            }
            s.setInt(i++, limit);
            s.setInt(i, offset);
            List<Task> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(task(r));
              }
            }
            return out;
          }
        });
  }

  private static Task task(ResultSet r) throws SQLException {
    long pid = r.getLong("child_pid");
    Long childPid = r.wasNull() ? null : pid;
    int exit = r.getInt("exit_code");
    Integer exitCode = r.wasNull() ? null : exit;
    return new Task(
        r.getLong("id"),
        r.getString("name"),
        r.getString("description"),
        r.getInt("model_id"),
        r.getInt("dataset_id"),
        Sql.tree(r.getString("request_json")),
        Sql.tree(r.getString("definition_json")),
        r.getString("pairing"),
        Status.of(r.getString("status")),
        Sql.instant(r, "created_at"),
        Sql.instant(r, "started_at"),
        Sql.instant(r, "finished_at"),
        r.getString("run_dir"),
        childPid,
        exitCode,
        r.getString("message"),
        Sql.tree(r.getString("summary_json")));
  }

  /** The task's cells in run order, each with its result if it has one. */
  public List<Cell> cells(long taskId) {
    return sql.tx(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT c.*, r.summary_json FROM cells c LEFT JOIN results r"
                      + " ON r.task_id = c.task_id AND r.cell = c.name"
                      + " WHERE c.task_id = ? ORDER BY c.position")) {
            s.setLong(1, taskId);
            List<Cell> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Cell(
                        r.getInt("position"),
                        r.getString("name"),
                        r.getInt("input_tokens"),
                        r.getInt("output_tokens"),
                        r.getInt("concurrency"),
                        r.getInt("requests"),
                        r.getBoolean("count_carried"),
                        r.getString("status"),
                        Sql.instant(r, "finished_at"),
                        Sql.tree(r.getString("summary_json"))));
              }
            }
            return out;
          }
        });
  }

  /** Moves a task to {@code status}; {@code message} replaces the last one when not null. */
  public void status(long id, Status status, String message) {
    sql.update(
        "UPDATE tasks SET status = ?, message = COALESCE(?, message),"
            + " finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?",
        status.label(),
        message,
        status.ended(),
        Sql.time(Instant.now()),
        id);
  }

  /** The task's child started; {@code started_at} keeps the first start across resumes. */
  public void started(long id, long childPid) {
    sql.update(
        "UPDATE tasks SET status = ?, child_pid = ?, exit_code = NULL, finished_at = NULL,"
            + " started_at = COALESCE(started_at, ?) WHERE id = ?",
        Status.RUNNING.label(),
        childPid,
        Sql.time(Instant.now()),
        id);
  }

  public void runDir(long id, String runDir) {
    sql.update("UPDATE tasks SET run_dir = ? WHERE id = ?", runDir, id);
  }

  /** The child ended: its exit code, the task's end state, and the run's summary if written. */
  public void ended(long id, Status status, Integer exitCode, String message, JsonNode summary) {
    sql.update(
        "UPDATE tasks SET status = ?, exit_code = ?, message = ?, summary_json = COALESCE(?,"
            + " summary_json), child_pid = NULL, finished_at = ? WHERE id = ?",
        status.label(),
        exitCode,
        message,
        summary == null ? null : Sql.json(summary),
        Sql.time(Instant.now()),
        id);
  }

  public void cellStatus(long taskId, String cell, String status) {
    sql.update(
        "UPDATE cells SET status = ? WHERE task_id = ? AND name = ? AND status <> ?",
        status,
        taskId,
        cell,
        Cell.FINISHED);
  }

  /** A cell finished: its summary (an entry of {@code summary.json}'s cells) becomes its result. */
  public void cellFinished(long taskId, String cell, JsonNode summary) {
    sql.tx(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE cells SET status = ?, finished_at = COALESCE(finished_at, ?)"
                      + " WHERE task_id = ? AND name = ?")) {
            s.setString(1, Cell.FINISHED);
            s.setObject(2, Sql.time(Instant.now()));
            s.setLong(3, taskId);
            s.setString(4, cell);
            s.executeUpdate();
          }
          try (PreparedStatement s =
              c.prepareStatement(
                  "MERGE INTO results (task_id, cell, completed, failed, requests_per_s,"
                      + " output_tokens_per_s, ttft_p50_ms, ttft_p99_ms, itl_p50_ms, itl_p99_ms,"
                      + " e2e_p99_ms, summary_json) KEY (task_id, cell)"
                      + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            JsonNode latency = summary.path("latency");
            s.setLong(1, taskId);
            s.setString(2, cell);
            s.setLong(3, summary.path("completed").asLong());
            s.setLong(4, summary.path("failed").asLong());
            s.setDouble(5, summary.path("throughput").path("requests_per_s").asDouble());
            s.setDouble(6, summary.path("throughput").path("output_tokens_per_s").asDouble());
            s.setDouble(7, latency.path("ttft_ms").path("p50").asDouble());
            s.setDouble(8, latency.path("ttft_ms").path("p99").asDouble());
            s.setDouble(9, latency.path("itl_ms").path("p50").asDouble());
            s.setDouble(10, latency.path("itl_ms").path("p99").asDouble());
            s.setDouble(11, latency.path("e2e_ms").path("p99").asDouble());
            s.setString(12, Sql.json(summary));
            s.executeUpdate();
          }
          return null;
        });
  }

  public Event addEvent(long taskId, String kind, JsonNode data) {
    Instant at = Instant.now();
    long id =
        sql.tx(
            c -> {
              try (PreparedStatement s =
                  c.prepareStatement(
                      "INSERT INTO events (task_id, at, kind, data_json) VALUES (?,?,?,?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                s.setLong(1, taskId);
                s.setObject(2, Sql.time(at));
                s.setString(3, kind);
                s.setString(4, Sql.json(data));
                s.executeUpdate();
                try (ResultSet keys = s.getGeneratedKeys()) {
                  keys.next();
                  return keys.getLong(1);
                }
              }
            });
    return new Event(id, taskId, at, kind, data);
  }

  /** The task's events after {@code afterId}, oldest first. */
  public List<Event> events(long taskId, long afterId) {
    return sql.tx(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("SELECT * FROM events WHERE task_id = ? AND id > ? ORDER BY id")) {
            s.setLong(1, taskId);
            s.setLong(2, afterId);
            List<Event> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(
                    new Event(
                        r.getLong("id"),
                        taskId,
                        Sql.instant(r, "at"),
                        r.getString("kind"),
                        Sql.tree(r.getString("data_json"))));
              }
            }
            return out;
          }
        });
  }
}
