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

/**
 * Verifies a JWT (signature, expiry, issuer, audience) and reads the identity from it: {@code sub}
 * is the client id, {@code roles} (an array of strings) its roles.
 */
public final class TokenVerifier {

  private volatile JWTAuth jwt;
  private final boolean allowWithoutExpiry;

  /** A verifier that refuses tokens without {@code exp}. */
  public TokenVerifier(JWTAuth jwt) {
    this(jwt, false);
  }

  /** {@code allowWithoutExpiry}: config {@code auth.allowTokensWithoutExpiry} (such a token never expires on an open socket). */
  public TokenVerifier(JWTAuth jwt, boolean allowWithoutExpiry) {
    this.jwt = jwt;
    this.allowWithoutExpiry = allowWithoutExpiry;
  }

  /** Verifies with {@code keys} from now on (a refreshed JWKS). */
  public void use(JWTAuth keys) {
    jwt = keys;
  }

  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "missing token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "invalid or expired token")))
        .compose(user -> identity(user.principal(), expiry(user)));
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
