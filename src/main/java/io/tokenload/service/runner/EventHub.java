package io.tokenload.service.runner;

import com.fasterxml.jackson.databind.JsonNode;
import io.tokenload.service.store.Event;
import io.tokenload.service.store.TaskStore;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A task's events: kept in the database ({@code status}, {@code cell}, {@code run_folder}) and
 * passed to whoever follows the task (the SSE route). {@code progress} events are passed on only:
 * they come every second and the latest one says it all. A listener must not block.
 */
public final class EventHub {

  private final TaskStore store;
  private final Map<Long, Set<Consumer<Event>>> listeners = new ConcurrentHashMap<>();

  public EventHub(TaskStore store) {
    this.store = store;
  }

  /** Stores the event, then tells the task's listeners. */
  public Event publish(long taskId, String kind, JsonNode data) {
    Event e = store.addEvent(taskId, kind, data);
    tell(e);
    return e;
  }

  /** Tells the task's listeners without storing; the event's id is 0. */
  void pass(long taskId, String kind, JsonNode data) {
    tell(new Event(0, taskId, Instant.now(), kind, data));
  }

  private void tell(Event e) {
    for (Consumer<Event> l : listeners.getOrDefault(e.taskId(), Set.of())) {
      l.accept(e);
    }
  }

  /** Follows a task until the returned handle is closed. */
  public AutoCloseable follow(long taskId, Consumer<Event> listener) {
    listeners.computeIfAbsent(taskId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return () ->
        listeners.computeIfPresent(
            taskId,
            (k, set) -> {
              set.remove(listener);
              return set.isEmpty() ? null : set;
            });
  }
}
