package io.tokenload.transport;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections of one event loop, by {@code host:port}. Only that loop's thread
 * touches it, so it needs no locks.
 */
final class ConnectionPool {

  private final Map<String, ArrayDeque<Channel>> idle = new HashMap<>();

  /** An open idle connection to {@code key}, or null. Connections the server closed are dropped. */
  Channel take(String key) {
    ArrayDeque<Channel> channels = idle.get(key);
    while (channels != null && !channels.isEmpty()) {
      Channel ch = channels.pollLast();
      if (ch.isActive()) {
        return ch;
      }
    }
    return null;
  }

  /** How many idle connections to {@code key} there are. */
  int idle(String key) {
    ArrayDeque<Channel> channels = idle.get(key);
    if (channels == null) {
      return 0;
    }
    channels.removeIf(ch -> !ch.isActive());
    return channels.size();
  }

  void release(String key, Channel ch) {
    if (ch.isActive()) {
      idle.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(ch);
    }
  }

  void closeAll() {
    // Called from any thread at shutdown; closing is thread-safe in Netty.
    idle.values().forEach(q -> q.forEach(Channel::close));
  }
}
