package io.porthouse.rooms.db;

import io.porthouse.core.config.ConfigException;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
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
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;
import org.flywaydb.core.Flyway;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where persistent rooms are kept: one SQL store written once against {@code io.vertx.sqlclient}
 * and {@code vertx-sql-client-templates} (named parameters, so the same statements run on both),
 * on H2 through the JDBC pool (the embedded default: a file in the data directory) or on
 * PostgreSQL through the reactive client ({@code db.url} {@code jdbc:postgresql://…}). The
 * schema is created and migrated by Flyway at start ({@code db/porthouse/V*.sql}), over JDBC on a
 * worker thread. Only the rooms verticle holds one: the database is never on the message path.
 */
public final class RoomDatabase {

  /** One stored room. */
  public record Stored(String name, String rules, String owner, long createdAt) {
  }

  private static final String UNIQUE_VIOLATION = "23505";

  private final Vertx vertx;
  private final Pool pool;
  private final String jdbcUrl;
  private final String user;
  private final String password;

  private RoomDatabase(Vertx vertx, Pool pool, String jdbcUrl, String user, String password) {
    this.vertx = vertx;
    this.pool = pool;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The database of config section {@code db} ({@code url} empty: an H2 file in {@code dataDir}). */
  public static RoomDatabase open(Vertx vertx, JsonObject config) {
    JsonObject db = config.getJsonObject("db");
    String url = db.getString("url");
    if (url == null || url.isBlank()) {
      url = "jdbc:h2:file:" + Path.of(config.getString("dataDir")).toAbsolutePath().resolve("porthouse")
          + ";AUTO_SERVER=TRUE";
    }
    String user = db.getString("user", "");
    String password = db.getString("password", "");
    PoolOptions poolOptions = new PoolOptions().setMaxSize(db.getInteger("poolSize"));
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
    return new RoomDatabase(vertx, pool, url, user, password);
  }

  /** Creates or migrates the schema (Flyway, over JDBC, on a worker thread). */
  public Future<Void> migrate() {
    return vertx.executeBlocking(() -> {
      Flyway.configure().dataSource(jdbcUrl, user.isEmpty() ? null : user, password.isEmpty() ? null : password)
          .locations("classpath:db/porthouse").load().migrate();
      return null;
    }, false);
  }

  /** Stores a new room; {@code conflict} if one of that name is stored already. */
  public Future<Void> insert(Stored room) {
    Map<String, Object> params = new HashMap<>();
    params.put("name", room.name());
    params.put("rules", room.rules());
    params.put("owner", room.owner());
    params.put("createdAt", room.createdAt());
    return SqlTemplate.forUpdate(pool,
            "INSERT INTO rooms (name, rules, owner, created_at) VALUES (#{name}, #{rules}, #{owner}, #{createdAt})")
        .execute(params)
        .recover(e -> Future.failedFuture(uniqueViolation(e)
            ? PorthouseException.of(ErrorCode.CONFLICT, "room '" + room.name() + "' already exists") : e))
        .mapEmpty();
  }

  /** Replaces a stored room's rules; false if no room of that name is stored. */
  public Future<Boolean> updateRules(String name, String rules) {
    return SqlTemplate.forUpdate(pool, "UPDATE rooms SET rules = #{rules} WHERE name = #{name}")
        .execute(Map.of("name", name, "rules", rules)).map(r -> r.rowCount() == 1);
  }

  /** Removes a stored room; false if none of that name was stored. */
  public Future<Boolean> delete(String name) {
    return SqlTemplate.forUpdate(pool, "DELETE FROM rooms WHERE name = #{name}")
        .execute(Map.of("name", name)).map(r -> r.rowCount() == 1);
  }

  /** Every stored room, by name. */
  public Future<List<Stored>> all() {
    return SqlTemplate.forQuery(pool, "SELECT name, rules, owner, created_at FROM rooms ORDER BY name")
        .execute(Map.of())
        .map(rows -> {
          List<Stored> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new Stored(row.getString(0), row.getString(1), row.getString(2), row.getLong(3)));
          }
          return out;
        });
  }

  public Future<Void> close() {
    return pool.close();
  }

  private static boolean uniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
          || t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
