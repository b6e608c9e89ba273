package io.tokenload.service.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The service's database: an H2 file ({@code <data-dir>/tokenload.mv.db}), its schema brought up to
 * date by Flyway from {@code io/tokenload/service/migration} on every open.
 */
public final class Database implements AutoCloseable {

  static final String MIGRATIONS = "classpath:io/tokenload/service/migration";
  private final JdbcConnectionPool pool;

  private Database(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  public static Database open(Path dataDir) throws java.io.IOException {
    Files.createDirectories(dataDir);
    // H2 would close the database in its own shutdown hook, racing the service's, which still
    // notes its stopped runs; the service closes it itself.
    String url =
        "jdbc:h2:file:" + dataDir.resolve("tokenload").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "tokenload", "");
    pool.setMaxConnections(16);
    try {
      Flyway.configure().dataSource(pool).locations(MIGRATIONS).load().migrate();
    } catch (RuntimeException e) {
      pool.dispose();
      throw new IllegalStateException(
          "cannot open the task database in " + dataDir + ": " + e.getMessage(), e);
    }
    return new Database(pool);
  }

  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  @Override
  public void close() {
    pool.dispose();
  }
}
