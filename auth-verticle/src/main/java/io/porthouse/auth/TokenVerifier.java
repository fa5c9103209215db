package io.porthouse.auth;

import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.ArrayList;
import java.util.List;

/**
 * Verifies a JWT (signature, expiry, issuer, audience) and reads the identity from it: {@code sub}
 * is the client id, {@code roles} (an array of strings) its roles.
 */
public final class TokenVerifier {

  private final JWTAuth jwt;

  public TokenVerifier(JWTAuth jwt) {
    this.jwt = jwt;
  }

  public Future<Identity> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "missing token"));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(e -> Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "invalid or expired token")))
        .compose(user -> identity(user.principal()));
  }

  private static Future<Identity> identity(JsonObject claims) {
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
    Object exp = claims.getValue("exp");
    return Future.succeededFuture(new Identity(s, roles, exp instanceof Number n ? n.longValue() : Identity.NEVER));
  }
}
