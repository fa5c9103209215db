package io.porthouse.auth.accounts;

import io.porthouse.auth.TokenIssuer;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.AccountRequest.Enrol;
import io.porthouse.core.bus.AccountRequest.Enrolled;
import io.porthouse.core.bus.AccountRequest.Login;
import io.porthouse.core.bus.AccountRequest.Token;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.OtpCheck;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.HashingPool;
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
import java.util.Optional;

/**
 * Built-in accounts on the bus: logins ({@link Addresses#AUTH_LOGIN}: the password checked
 * against its PBKDF2 hash in the {@link HashingPool}, then a JWT with the account's roles), TOTP
 * enrolment ({@link Addresses#AUTH_OTP_ENROLL}: with the account's password, and a current code to
 * replace an enrolment; answered as an {@code otpauth://} URI for an authenticator app) and the
 * check of a one-time code for rule {@code otp} ({@link Addresses#AUTH_OTP_VERIFY}, with
 * {@code vertx-auth-otp}; a code is taken once). Failed passwords are counted per account name
 * before the hash, cluster-wide ({@link LoginAttempts}); wrong codes are counted by the room asking.
 */
public final class Logins {

  /** The issuer named in enrolment URIs (what authenticator apps show). */
  static final String ISSUER = "Porthouse";
  private static final long STEP_SECONDS = 30;

  private final Vertx vertx;
  private final AccountStore accounts;
  private final TokenIssuer issuer;
  private final long ttlSeconds;
  private final int passwordIterations;
  private final HashingPool hashing;
  private final TotpAuth totp;
  /** What an unknown name is checked against: a hash of the same cost as real ones (made at the first such login). */
  private Future<String> noAccountHash;

  public Logins(Vertx vertx, AccountStore accounts, TokenIssuer issuer, long ttlSeconds, int passwordIterations,
                HashingPool hashing) {
    this.vertx = vertx;
    this.accounts = accounts;
    this.issuer = issuer;
    this.ttlSeconds = ttlSeconds;
    this.passwordIterations = passwordIterations;
    this.hashing = hashing;
    this.totp = TotpAuth.create(new TotpAuthOptions())
        .authenticatorFetcher(this::authenticatorOf)
        .authenticatorUpdater(a -> Future.succeededFuture());
  }

  public Future<Void> register() {
    vertx.setPeriodic(60_000, t -> accounts.attempts().forgetOld(System.currentTimeMillis()));
    return Future.all(List.of(
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_LOGIN, BusErrors.answering(body -> login(Login.fromJson(body)))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_OTP_ENROLL, BusErrors.answering(body -> enroll(Enrol.fromJson(body)))).completion(),
        vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_OTP_VERIFY, BusErrors.answering(body -> verifyCode(OtpCheck.fromJson(body)))).completion())).mapEmpty();
  }

  private Future<JsonObject> login(Login login) {
    String user = login.user();
    String password = login.password();
    if (user == null || password == null) {
      return Future.failedFuture(PorthouseException.badRequest("a login needs 'user' and 'password' (strings)"));
    }
    return checkPassword(user, password, login.address())
        .map(account -> new Token(issuer.issue(user, account.roles(), ttlSeconds), ttlSeconds).toJson());
  }

  /**
   * The account {@code user}, if {@code password} is its own: the attempt is counted before the
   * hash (refused at once while the name must wait), the hash runs in the pool one at a time per
   * {@code address}, and a wrong password or unknown name makes the name's next attempt wait.
   */
  private Future<AccountStore.Account> checkPassword(String user, String password, String address) {
    LoginAttempts attempts = accounts.attempts();
    return attempts.begin(user, System.currentTimeMillis()).compose(begun -> accounts.find(user)
        .compose(account -> stored(account).compose(hash -> hashing.run(address == null ? "login" : "a:" + address,
            // an unknown name costs the same hash as a known one, so timing does not tell them apart
            () -> PasswordHash.verify(password, hash) && account != null))
            .map(right -> right ? Optional.of(account) : Optional.<AccountStore.Account>empty()))
        .compose(checked -> checked.isPresent() ? attempts.succeeded(user).map(v -> checked.get())
                : attempts.failed(user, System.currentTimeMillis()).compose(v -> Future.<AccountStore.Account>failedFuture(
                    PorthouseException.of(ErrorCode.UNAUTHORIZED, "wrong user or password"))),
            // the check could not run (busy pool, database): the attempt ends without a verdict
            e -> attempts.released(user).transform(v -> Future.<AccountStore.Account>failedFuture(e))));
  }

  private Future<String> stored(AccountStore.Account account) {
    if (account != null) {
      return Future.succeededFuture(account.passwordHash());
    }
    if (noAccountHash == null) {
      noAccountHash = hashing.run("no-account", () -> PasswordHash.hash("no such account", passwordIterations));
      noAccountHash.onFailure(e -> noAccountHash = null); // the pool was busy: made at a later login
    }
    return noAccountHash;
  }

  /**
   * A new authenticator secret for {@code client} (a verified token's {@code sub}): only with the
   * account's password, and, if one is enrolled already, a current code of it (a stolen token
   * alone neither enrols nor replaces the second factor).
   */
  private Future<JsonObject> enroll(Enrol enrol) {
    String client = enrol.client();
    String password = enrol.password();
    if (password == null) {
      return Future.failedFuture(PorthouseException.badRequest("enrolment needs the account's 'password'"));
    }
    return accounts.find(client).compose(found -> found == null
        ? Future.failedFuture(PorthouseException.of(ErrorCode.NOT_FOUND,
            "'" + client + "' is not a built-in account: one-time codes need one (bin/porthouse user add)"))
        : checkPassword(client, password, enrol.address()))
        .compose(account -> account.otpSecret() == null ? Future.succeededFuture()
            : verifyCode(new OtpCheck(client, enrol.code()))
                .recover(e -> Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
                    "an authenticator is enrolled already: give a current code of it ('code') to replace it"))))
        .compose(replaceable -> {
          OtpKey key = OtpKeyGenerator.create().generate();
          return accounts.setOtpSecret(client, key.getKey())
              .map(stored -> new Enrolled(totp.generateUri(key, ISSUER, client)).toJson());
        });
  }

  /** A one-time code of {@code client}'s enrolled authenticator, right now and not used before. */
  private Future<JsonObject> verifyCode(OtpCheck check) {
    String client = check.client();
    String code = check.code();
    if (client == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "one-time codes are for authenticated clients"));
    }
    if (code == null || !code.matches("[0-9]{6}")) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "a one-time code is 6 digits"));
    }
    long step = System.currentTimeMillis() / 1000 / STEP_SECONDS;
    return totp.authenticate(new OtpCredentials(client, code))
        .recover(e -> Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "wrong or expired one-time code")))
        .compose(user -> accounts.useCode(client, code, step))
        .compose(fresh -> fresh ? Future.succeededFuture(new JsonObject())
            : Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "this one-time code was used already: wait for the next")));
  }

  private Future<Authenticator> authenticatorOf(String client) {
    return accounts.find(client).compose(account -> account == null || account.otpSecret() == null
        ? Future.failedFuture("not enrolled")
        : Future.succeededFuture(new Authenticator().setIdentifier(client).setKey(account.otpSecret())
            .setAlgorithm("SHA1").setPeriod(STEP_SECONDS)));
  }
}
