package io.porthouse.auth.accounts;

import io.porthouse.core.db.SqlDatabase;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Built-in accounts of the embedded default (and of any cluster that wants them), in the database
 * of config section {@code db}, reached only by the auth verticle and the launcher's
 * {@code user add}: name, password hash (PBKDF2), roles, TOTP secret once enrolled.
 */
public final class AccountStore {

  /** One account. {@code otpSecret} is {@code null} until enrolled. */
  public record Account(String name, String passwordHash, List<String> roles, String otpSecret) {
  }

  private final SqlDatabase db;
  private final LoginAttempts attempts;

  private AccountStore(SqlDatabase db) {
    this.db = db;
    this.attempts = new LoginAttempts(db);
  }

  /** Failed logins by account name, shared by the cluster. */
  LoginAttempts attempts() {
    return attempts;
  }

  public static AccountStore open(Vertx vertx, JsonObject config) {
    return new AccountStore(SqlDatabase.open(vertx, config));
  }

  public Future<Void> migrate() {
    return db.migrate("db/auth", "porthouse_auth_schema");
  }

  /** A new account; {@code conflict} if the name is taken. */
  public Future<Void> add(String name, String passwordHash, List<String> roles, long now) {
    Map<String, Object> p = new HashMap<>();
    p.put("name", name);
    p.put("hash", passwordHash);
    p.put("roles", new JsonArray(roles).encode());
    p.put("now", now);
    return SqlTemplate.forUpdate(db.pool(),
            "INSERT INTO accounts (name, password_hash, roles, created_at) VALUES (#{name}, #{hash}, #{roles}, #{now})")
        .execute(p)
        .recover(e -> Future.failedFuture(SqlDatabase.uniqueViolation(e)
            ? PorthouseException.of(ErrorCode.CONFLICT, "account '" + name + "' exists already") : e))
        .mapEmpty();
  }

  /** The account named {@code name}, or {@code null}. */
  @SuppressWarnings("unchecked")
  public Future<Account> find(String name) {
    return SqlTemplate.forQuery(db.pool(), "SELECT name, password_hash, roles, otp_secret FROM accounts WHERE name = #{name}")
        .execute(Map.of("name", name))
        .map(rows -> {
          for (Row row : rows) {
            return new Account(row.getString(0), row.getString(1), new JsonArray(row.getString(2)).getList(), row.getString(3));
          }
          return null;
        });
  }

  /** Stores the account's TOTP secret (enrolment; a new one replaces the old). False if there is no such account. */
  public Future<Boolean> setOtpSecret(String name, String secret) {
    return SqlTemplate.forUpdate(db.pool(), "UPDATE accounts SET otp_secret = #{secret} WHERE name = #{name}")
        .execute(Map.of("name", name, "secret", secret)).map(r -> r.rowCount() == 1);
  }

  /**
   * Takes {@code code} as used by {@code name} at time step {@code step}: false when that very code
   * was taken already within the step before (a replay). One conditional statement: two JVMs never
   * both take it.
   */
  public Future<Boolean> useCode(String name, String code, long step) {
    return SqlTemplate.forUpdate(db.pool(), "UPDATE accounts SET otp_last_code = #{code}, otp_last_step = #{step} "
            + "WHERE name = #{name} AND (otp_last_code IS NULL OR otp_last_code <> #{code} OR otp_last_step < #{before})")
        .execute(Map.of("name", name, "code", code, "step", step, "before", step - 1)).map(r -> r.rowCount() == 1);
  }

  public Future<Void> close() {
    return db.close();
  }
}
