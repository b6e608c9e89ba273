package io.tokenload.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.tokenload.service.runner.EventHub;
import io.tokenload.service.store.Event;
import io.tokenload.service.store.TaskStore;

/**
 * {@code GET /api/performance-eval/tasks/{id}/events}: the task's stored events from the start (or
 * after {@code Last-Event-ID}), then live ones as they happen. Each stored event carries its id, so
 * a reconnecting client misses none and sees none twice; {@code progress} events carry no id.
 */
final class EventFeed {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TaskStore store;
  private final EventHub hub;

  EventFeed(TaskStore store, EventHub hub) {
    this.store = store;
    this.hub = hub;
  }

  void follow(SseClient client) {
    long taskId = TaskRoutes.id(client.ctx());
    long after = lastEventId(client.ctx().header("Last-Event-ID"));
    Follower f = new Follower(client, after);
    // Follow first, then replay under the lock: a live event that races the replay waits for it
    // and is dropped if the replay already sent it.
    synchronized (f) {
      AutoCloseable handle = hub.follow(taskId, f::send);
      client.onClose(
          () -> {
            try {
              handle.close();
            } catch (Exception e) {
              // closing a follow never fails
            }
          });
      store.events(taskId, after).forEach(f::send);
    }
    client.keepAlive();
  }

  private static long lastEventId(String header) {
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static final class Follower {
    private final SseClient client;
    private long last;

    Follower(SseClient client, long last) {
      this.client = client;
      this.last = last;
    }

    synchronized void send(Event e) {
      if (client.terminated()) {
        return;
      }
      if (e.id() != 0) {
        if (e.id() <= last) {
          return;
        }
        last = e.id();
      }
      try {
        String data = JSON.writeValueAsString(e.data());
        if (e.id() == 0) {
          client.sendEvent(e.kind(), data);
        } else {
          client.sendEvent(e.kind(), data, Long.toString(e.id()));
        }
      } catch (JsonProcessingException ex) {
        throw new IllegalStateException(ex);
      }
    }
  }
}
