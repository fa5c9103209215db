package io.porthouse.auth.accounts;

import io.porthouse.auth.TokenIssuer;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.FailedAttempts;
import io.porthouse.core.security.PasswordHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.otp.Authenticator;
import io.vertx.ext.auth.otp.OtpCredentials;
import io.vertx.ext.auth.otp.OtpKey;
import io.vertx.ext.auth.otp.OtpKeyGenerator;
import io.vertx.ext.auth.otp.totp.TotpAuth;
import io.vertx.ext.auth.otp.totp.TotpAuthOptions;

import java.util.List;

/**
 * Built-in accounts on the bus: logins ({@link Addresses#AUTH_LOGIN}: the password checked
 * against its PBKDF2 hash on a worker thread, then a JWT with the account's roles), TOTP
 * enrolment ({@link Addresses#AUTH_OTP_ENROLL}: a new secret, answered as an {@code otpauth://}
 * URI for an authenticator app) and the check of a one-time code for rule {@code otp}
 * ({@link Addresses#AUTH_OTP_VERIFY}, with {@code vertx-auth-otp}). Wrong passwords and codes make
 * the next attempt on that account wait ({@link FailedAttempts}).
 */
public final class Logins {

  /** The issuer named in enrolment URIs (what authenticator apps show). */
  static final String ISSUER = "Porthouse";

  private final Vertx vertx;
  private final AccountStore accounts;
  private final TokenIssuer issuer;
  private final long ttlSeconds;
  private final FailedAttempts attempts = new FailedAttempts();
  private final TotpAuth totp;
  /** What an unknown name is checked against: a hash of the same cost as real ones. */
  private final String noAccountHash;

  public Logins(Vertx vertx, AccountStore accounts, TokenIssuer issuer, long ttlSeconds, int passwordIterations) {
    this.noAccountHash = PasswordHash.hash("no such account", passwordIterations);
    this.vertx = vertx;
    this.accounts = accounts;
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
    this.totp = TotpAuth.create(new TotpAuthOptions())
        .authenticatorFetcher(this::authenticatorOf)
        .authenticatorUpdater(a -> Future.succeededFuture());
  }

  public Future<Void> register() {
    return Future.all(List.of(
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_LOGIN, BusErrors.answering(this::login)).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_OTP_ENROLL, BusErrors.answering(this::enroll)).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_OTP_VERIFY, BusErrors.answering(this::verifyCode)).completion())).mapEmpty();
  }

  private Future<JsonObject> login(JsonObject body) {
    String user = body.getString("user");
    String password = body.getString("password");
    if (user == null || password == null) {
      return Future.failedFuture(PorthouseException.badRequest("a login needs 'user' and 'password' (strings)"));
    }
    String key = "login\u0000" + user;
    long wait = attempts.waitMillis(key, System.currentTimeMillis());
    if (wait > 0) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.RATE_LIMITED,
          "too many failed logins for '" + user + "': try again in " + Math.max(1, (wait + 999) / 1000) + " s"));
    }
    return accounts.find(user).compose(account -> vertx.executeBlocking(
            // an unknown name costs the same hash as a known one, so timing does not tell them apart
            () -> PasswordHash.verify(password, account == null ? noAccountHash : account.passwordHash()) && account != null,
            false)
        .compose(right -> {
          if (!right) {
            attempts.failed(key, System.currentTimeMillis());
            return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "wrong user or password"));
          }
          attempts.succeeded(key);
          return Future.succeededFuture(new JsonObject().put("token", issuer.issue(user, account.roles(), ttlSeconds))
              .put("expiresIn", ttlSeconds));
        }));
  }

  private Future<JsonObject> enroll(JsonObject body) {
    String client = body.getString("client");
    OtpKey key = OtpKeyGenerator.create().generate();
    return accounts.setOtpSecret(client, key.getKey()).compose(found -> found
        ? Future.succeededFuture(new JsonObject().put("uri", totp.generateUri(key, ISSUER, client)))
        : Future.failedFuture(PorthouseException.of(ErrorCode.NOT_FOUND,
            "'" + client + "' is not a built-in account: one-time codes need one (bin/porthouse user add)")));
  }

  private Future<JsonObject> verifyCode(JsonObject body) {
    String client = body.getString("client");
    String code = body.getString("code");
    if (client == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "one-time codes are for authenticated clients"));
    }
    String key = "otp\u0000" + client;
    long wait = attempts.waitMillis(key, System.currentTimeMillis());
    if (wait > 0) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.RATE_LIMITED,
          "too many wrong one-time codes: try again in " + Math.max(1, (wait + 999) / 1000) + " s"));
    }
    return totp.authenticate(new OtpCredentials(client, code == null ? "" : code))
        .map(user -> {
          attempts.succeeded(key);
          return new JsonObject();
        })
        .recover(e -> {
          attempts.failed(key, System.currentTimeMillis());
          return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "wrong or expired one-time code"));
        });
  }

  private Future<Authenticator> authenticatorOf(String client) {
    return accounts.find(client).compose(account -> account == null || account.otpSecret() == null
        ? Future.failedFuture("not enrolled")
        : Future.succeededFuture(new Authenticator().setIdentifier(client).setKey(account.otpSecret())
            .setAlgorithm("SHA1").setPeriod(30)));
  }

}
