package io.porthouse.rooms.db;

import io.porthouse.core.bus.Endpoint;
import io.porthouse.core.db.SqlDatabase;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;

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

  /** One public endpoint: {@code host} (or null) lands clients in {@code owner}'s space; {@code /e/name} aliases {@code room} (or, null, the space). */

  private final SqlDatabase db;
  private final Pool pool;

  private RoomDatabase(SqlDatabase db) {
    this.db = db;
    this.pool = db.pool();
  }

  /** The database of config section {@code db} ({@code url} empty: an H2 file in {@code dataDir}). */
  public static RoomDatabase open(Vertx vertx, JsonObject config) {
    return new RoomDatabase(SqlDatabase.open(vertx, config));
  }

  /** Creates or migrates the schema (Flyway, over JDBC, on a worker thread). */
  public Future<Void> migrate() {
    return db.migrate("db/porthouse", "porthouse_rooms_schema");
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
        .recover(e -> Future.failedFuture(SqlDatabase.uniqueViolation(e)
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

  /** Stores an endpoint; {@code conflict} if its name or host is taken. */
  public Future<Void> insertEndpoint(Endpoint e, long now) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", e.name());
    p.put("host", e.host());
    p.put("room", e.room());
    p.put("owner", e.owner());
    p.put("now", now);
    return SqlTemplate.forUpdate(pool,
            "INSERT INTO endpoints (name, host, room, owner, created_at) VALUES (#{name}, #{host}, #{room}, #{owner}, #{now})")
        .execute(p)
        .recover(x -> Future.failedFuture(SqlDatabase.uniqueViolation(x)
            ? PorthouseException.of(ErrorCode.CONFLICT, "an endpoint of that name or host exists already") : x))
        .mapEmpty();
  }

  /** Removes endpoint {@code name} of {@code owner} (any owner's if {@code owner} is null); false if there was none. */
  public Future<Boolean> deleteEndpoint(String name, String owner) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", name);
    p.put("owner", owner);
    String sql = owner == null ? "DELETE FROM endpoints WHERE name = #{name}"
        : "DELETE FROM endpoints WHERE name = #{name} AND owner = #{owner}";
    return SqlTemplate.forUpdate(pool, sql).execute(p).map(r -> r.rowCount() == 1);
  }

  /** Every endpoint, by name. */
  public Future<List<Endpoint>> endpoints() {
    return SqlTemplate.forQuery(pool, "SELECT name, host, room, owner FROM endpoints ORDER BY name").execute(Map.of())
        .map(rows -> {
          List<Endpoint> out = new ArrayList<>();
          for (Row row : rows) {
            out.add(new Endpoint(row.getString(0), row.getString(1), row.getString(2), row.getString(3)));
          }
          return out;
        });
  }

  public Future<Void> close() {
    return db.close();
  }
}
