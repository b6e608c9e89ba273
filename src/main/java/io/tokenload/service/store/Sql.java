package io.tokenload.service.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * JDBC plumbing of the store: one transaction per call, times as UTC timestamps, JSON columns as
 * text. A database failure rises as {@link IllegalStateException}.
 */
final class Sql {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Database db;

  Sql(Database db) {
    this.db = db;
  }

  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T tx(Work<T> work) {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("task database: " + e.getMessage(), e);
    }
  }

  void update(String sql, Object... args) {
    tx(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
          }
        });
  }

  static OffsetDateTime time(Instant i) {
    return i.atOffset(ZoneOffset.UTC);
  }

  static Instant instant(ResultSet r, String column) throws SQLException {
    OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static String json(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not serialisable: " + e.getMessage(), e);
    }
  }

  static JsonNode tree(String text) {
    if (text == null) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("task database holds bad JSON: " + e.getMessage(), e);
    }
  }
}
