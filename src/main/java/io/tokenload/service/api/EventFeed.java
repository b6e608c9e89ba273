package io.tokenload.service.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.tokenload.service.runner.EventHub;
import io.tokenload.service.store.Event;
import io.tokenload.service.store.TaskStore;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code GET /api/performance-eval/tasks/{id}/events}: the task's stored events from the start (or
 * after {@code Last-Event-ID}), then live ones as they happen. Each stored event carries its id, so
 * a reconnecting client misses none and sees none twice; {@code progress} events carry no id.
 *
 * <p>Each follower has its own queue, written out by a shared pool: the thread that publishes an
 * event (the one watching the run) only queues it, so a follower that stops reading slows nobody.
 */
final class EventFeed {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final TaskStore store;
  private final EventHub hub;
  private final ExecutorService writers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "event-feed");
            t.setDaemon(true);
            return t;
          });

  EventFeed(TaskStore store, EventHub hub) {
    this.store = store;
    this.hub = hub;
  }

  void follow(SseClient client) {
    long taskId = TaskRoutes.id(client.ctx());
    long after = lastEventId(client.ctx().header("Last-Event-ID"));
    Follower f = new Follower(client, after);
    // Follow first, then replay: live events that race the replay wait behind it, and those the
    // replay already holds are dropped by id.
    AutoCloseable handle = hub.follow(taskId, f::live);
    client.onClose(
        () -> {
          try {
            handle.close();
          } catch (Exception e) {
            // closing a follow never fails
          }
        });
    f.replayed(store.events(taskId, after));
    client.keepAlive();
  }

  private static long lastEventId(String header) {
    try {
      return header == null ? 0 : Math.max(0, Long.parseLong(header.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private final class Follower {
    private final SseClient client;
    private final Deque<Event> queue = new ArrayDeque<>();
    private boolean replaying = true;
    private boolean draining;
    private long last; // written by the draining thread only, one at a time

    Follower(SseClient client, long last) {
      this.client = client;
      this.last = last;
    }

    synchronized void live(Event e) {
      queue.addLast(e);
      if (!replaying) {
        drainLater();
      }
    }

    synchronized void replayed(List<Event> stored) {
      for (int i = stored.size() - 1; i >= 0; i--) {
        queue.addFirst(stored.get(i));
      }
      replaying = false;
      drainLater();
    }

    private void drainLater() {
      if (!draining) {
        draining = true;
        writers.execute(this::drain);
      }
    }

    private void drain() {
      while (true) {
        Event e;
        synchronized (this) {
          e = queue.pollFirst();
          if (e == null || client.terminated()) {
            queue.clear();
            draining = false;
            return;
          }
        }
        try {
          write(e);
        } catch (RuntimeException ex) {
          synchronized (this) { // the client is gone: drop what is queued
            queue.clear();
            draining = false;
          }
          return;
        }
      }
    }

    private void write(Event e) {
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
