package io.porthouse.core.db;

import io.porthouse.core.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.jdbcclient.JDBCConnectOptions;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The database of config section {@code db}, for the verticles that own data (rooms, auth): a
 * {@code io.vertx.sqlclient.Pool} on H2 through the JDBC pool (the embedded default: a file in the
 * data directory, {@code AUTO_SERVER} so JVMs of one host can share it) or on PostgreSQL through
 * the reactive client ({@code jdbc:postgresql://…}), and Flyway migrations run over JDBC on a
 * worker thread, each owner with its own scripts and history table. Its classes come from the
 * owners' dependencies (optional in core).
 */
public final class SqlDatabase {

  private static final String UNIQUE_VIOLATION = "23505";
  /** Requests that may wait for a connection of the pool; more fail at once. */
  static final int MAX_WAITING = 64;

  private final Vertx vertx;
  private final Pool pool;
  private final String jdbcUrl;
  private final String user;
  private final String password;

  private SqlDatabase(Vertx vertx, Pool pool, String jdbcUrl, String user, String password) {
    this.vertx = vertx;
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The database of the whole config's {@code db} section ({@code url} empty: an H2 file in {@code dataDir}). */
  public static SqlDatabase open(Vertx vertx, JsonObject config) {
    JsonObject db = config.getJsonObject("db");
    String url = db.getString("url");
    if (url == null || url.isBlank()) {
      url = "jdbc:h2:file:" + Path.of(config.getString("dataDir")).toAbsolutePath().resolve("porthouse")
          + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
    }
    String user = db.getString("user", "");
    String password = db.getString("password", "");
    // a bounded wait for a connection: beyond it a request fails at once (unavailable) instead of queueing without end
    PoolOptions poolOptions = new PoolOptions().setMaxSize(db.getInteger("poolSize")).setMaxWaitQueueSize(MAX_WAITING);
    Pool pool;
    if (url.startsWith("jdbc:h2:")) {
      pool = JDBCPool.pool(vertx, new JDBCConnectOptions().setJdbcUrl(url).setUser(user).setPassword(password), poolOptions);
    } else if (url.startsWith("jdbc:postgresql://")) {
      PgConnectOptions pg = PgConnectOptions.fromUri(url.substring("jdbc:".length()));
      if (!user.isEmpty()) {
        pg.setUser(user);
      }
      if (!password.isEmpty()) {
        pg.setPassword(password);
      }
      pool = PgBuilder.pool().with(poolOptions).connectingTo(pg).using(vertx).build();
    } else {
      throw new ConfigException("config key 'db.url' (PORTHOUSE_DB_URL) must be jdbc:h2:… or jdbc:postgresql://…, got " + url);
    }
    return new SqlDatabase(vertx, pool, url, user, password);
  }

  public Pool pool() {
    return pool;
  }

  /** Creates or migrates the owner's schema: the scripts at {@code classpath:<location>}, recorded in {@code historyTable}. */
  public Future<Void> migrate(String location, String historyTable) {
    return vertx.executeBlocking(() -> {
      Flyway.configure().dataSource(jdbcUrl, user.isEmpty() ? null : user, password.isEmpty() ? null : password)
          .locations("classpath:" + location).table(historyTable).baselineOnMigrate(true).baselineVersion("0")
          .load().migrate();
      return null;
    }, false);
  }

  public Future<Void> close() {
    return pool.close();
  }

  /** Whether {@code e} (or a cause) is a unique-key violation, on either kind of database. */
  public static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
          || t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
