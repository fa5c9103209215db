package io.porthouse.auth;

import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Verifies a JWT (signature, expiry, issuer, audience) and reads the identity from it: {@code sub}
 * is the client id, {@code roles} (an array of strings) its roles.
 */
public final class TokenVerifier {

  private final JWTAuth jwt;
  private final boolean allowWithoutExpiry;
  /** An identity provider's keys (a JWKS), or {@code null}. */
  private volatile JWTAuth providers;
  /** Whether a {@code sub} names a built-in account (which a provider's token may not speak for). */
  private Function<String, Future<Boolean>> isAccount = sub -> Future.succeededFuture(false);

  /** A verifier of the server's own tokens that refuses tokens without {@code exp}. */
  public TokenVerifier(JWTAuth jwt) {
    this(jwt, false);
  }

  /** {@code allowWithoutExpiry}: config {@code auth.allowTokensWithoutExpiry} (such a token never expires on an open socket). */
  public TokenVerifier(JWTAuth jwt, boolean allowWithoutExpiry) {
    this.jwt = jwt;
    this.allowWithoutExpiry = allowWithoutExpiry;
  }

  /** Takes tokens of an identity provider's {@code keys} too, from now on (a JWKS fetched or refreshed). */
  public TokenVerifier useProviders(JWTAuth keys) {
    providers = keys;
    return this;
  }

  /**
   * Names the built-in accounts: a provider's token whose {@code sub} is one is refused, so another
   * issuer never speaks for an account of this server (its rooms, its second factor).
   */
  public TokenVerifier accounts(Function<String, Future<Boolean>> accountExists) {
    isAccount = accountExists;
    return this;
  }

  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "missing token"));
    }
    TokenCredentials credentials = new TokenCredentials(token);
    JWTAuth external = providers;
    return jwt.authenticate(credentials)
        .compose(user -> identity(user.principal(), expiry(user)),
            own -> external == null ? invalid() : external.authenticate(credentials).recover(e -> invalid())
                .compose(user -> identity(user.principal(), expiry(user)))
                .compose(id -> isAccount.apply(id.client()).compose(taken -> taken
                    ? Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "the identity provider's token names '"
                        + id.client() + "', a built-in account of this server: refused"))
                    : Future.succeededFuture(id))));
  }

  private static <T> Future<T> invalid() {
    return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "invalid or expired token"));
  }

  /** The token's {@code exp}: Vert.x keeps it among the user's attributes (and the decoded token), not in the principal. */
  private static Object expiry(User user) {
    JsonObject attributes = user.attributes();
    Object exp = user.principal().getValue("exp");
    if (exp == null && attributes != null) {
      exp = attributes.getValue("exp");
      JsonObject token = attributes.getJsonObject("accessToken");
      if (exp == null && token != null) {
        exp = token.getValue("exp");
      }
    }
    return exp;
  }

  private Future<Identity> identity(JsonObject claims, Object exp) {
    Object sub = claims.getValue("sub");
    if (!(sub instanceof String s) || s.isEmpty()) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "token has no 'sub'"));
    }
    Object rolesClaim = claims.getValue("roles");
    List<String> roles = new ArrayList<>();
    if (rolesClaim instanceof JsonArray array) {
      for (Object r : array) {
        if (r instanceof String role) {
          roles.add(role);
        }
      }
    } else if (rolesClaim instanceof String single) {
      roles.add(single);
    }
    if (!(exp instanceof Number) && !allowWithoutExpiry) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED,
          "token has no 'exp' (this server takes only tokens that expire: auth.allowTokensWithoutExpiry)"));
    }
    return Future.succeededFuture(new Identity(s, roles, exp instanceof Number n ? n.longValue() : Identity.NEVER));
  }
}
