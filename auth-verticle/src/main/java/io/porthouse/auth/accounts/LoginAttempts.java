package io.porthouse.auth.accounts;

import io.porthouse.core.db.SqlDatabase;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.Lockouts;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.templates.SqlTemplate;

import java.util.Map;

/**
 * Failed logins per account name, in the database every auth verticle of the cluster shares
 * (table {@code login_attempts}), counted before the password is checked: {@link #begin} reserves
 * the name for one attempt (parallel attempts wait), a failure makes the next attempt wait (1 s,
 * doubling to 60 s: {@link Lockouts#backoffMillis}), a success clears it. Names that are not
 * accounts are counted the same, so the answers do not tell which names exist. Each step is one
 * conditional statement, so two JVMs never both take an attempt.
 */
final class LoginAttempts {

  private static final long FORGET_AFTER_MILLIS = 600_000;

  private final SqlDatabase db;

  LoginAttempts(SqlDatabase db) {
    this.db = db;
  }

  /** Reserves an attempt on {@code name}; fails {@code rate_limited} (saying how long) when it must wait or one is being checked. */
  Future<Void> begin(String name, long now) {
    Map<String, Object> p = Map.of("name", name, "now", now, "until", now + Lockouts.PENDING_MILLIS,
        "forget", now + Lockouts.PENDING_MILLIS + FORGET_AFTER_MILLIS);
    return SqlTemplate.forUpdate(db.pool(), "UPDATE login_attempts SET pending_until = #{until}, forget_at = #{forget} "
            + "WHERE name = #{name} AND not_before <= #{now} AND pending_until <= #{now}").execute(p)
        .compose(updated -> updated.rowCount() == 1 ? Future.<Void>succeededFuture()
            : SqlTemplate.forUpdate(db.pool(), "INSERT INTO login_attempts (name, failures, not_before, pending_until, forget_at) "
                + "VALUES (#{name}, 0, 0, #{until}, #{forget})").execute(p).<Void>mapEmpty()
            .recover(e -> SqlDatabase.uniqueViolation(e) ? refusal(name, now) : Future.failedFuture(e)));
  }

  /** Why {@code name} must wait: the row is there and still reserved or waiting. */
  private Future<Void> refusal(String name, long now) {
    return SqlTemplate.forQuery(db.pool(), "SELECT not_before, pending_until FROM login_attempts WHERE name = #{name}")
        .execute(Map.of("name", name)).compose(rows -> {
          long wait = 0;
          for (Row row : rows) {
            wait = Math.max(row.getLong(0), row.getLong(1)) - now;
          }
          return Future.failedFuture(PorthouseException.of(ErrorCode.RATE_LIMITED, "too many failed logins for '" + name
              + "', or one is being checked: try again in " + Lockouts.seconds(wait) + " s"));
        });
  }

  /** The attempt failed: the next one waits longer. */
  Future<Void> failed(String name, long now) {
    return SqlTemplate.forQuery(db.pool(), "SELECT failures FROM login_attempts WHERE name = #{name}")
        .execute(Map.of("name", name)).compose(rows -> {
          int failures = 1;
          for (Row row : rows) {
            failures = row.getInteger(0) + 1;
          }
          long notBefore = now + Lockouts.backoffMillis(failures);
          return SqlTemplate.forUpdate(db.pool(), "UPDATE login_attempts SET failures = #{failures}, not_before = #{notBefore}, "
                  + "pending_until = 0, forget_at = #{forget} WHERE name = #{name}")
              .execute(Map.of("name", name, "failures", failures, "notBefore", notBefore,
                  "forget", notBefore + FORGET_AFTER_MILLIS)).mapEmpty();
        });
  }

  /** The attempt had no verdict (the check could not run): nothing counted. */
  Future<Void> released(String name) {
    return SqlTemplate.forUpdate(db.pool(), "UPDATE login_attempts SET pending_until = 0 WHERE name = #{name}")
        .execute(Map.of("name", name)).mapEmpty();
  }

  /** The attempt succeeded: the name starts afresh. */
  Future<Void> succeeded(String name) {
    return SqlTemplate.forUpdate(db.pool(), "DELETE FROM login_attempts WHERE name = #{name}")
        .execute(Map.of("name", name)).mapEmpty();
  }

  /** Drops rows whose last wait ended long ago (a timer calls it). */
  Future<Void> forgetOld(long now) {
    return SqlTemplate.forUpdate(db.pool(), "DELETE FROM login_attempts WHERE forget_at < #{now}")
        .execute(Map.of("now", now)).mapEmpty();
  }
}
