package io.porthouse.testing;

import io.porthouse.auth.JwtKeys;
import io.porthouse.auth.TokenIssuer;
import io.porthouse.core.config.PorthouseConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.List;
import java.util.UUID;

/** Signs test tokens with the key a test's Porthouse uses; makes a fresh HS256 secret per run. */
public final class Tokens {

  private final TokenIssuer issuer;

  public Tokens(Vertx vertx, PorthouseConfig config) {
    try {
      JsonObject json = config.json();
      this.issuer = new TokenIssuer(JWTAuth.create(vertx, JwtKeys.load(json)), json);
    } catch (Exception e) {
      throw new AssertionError("cannot load the test signing key", e);
    }
  }

  /** An HS256 secret for one test run (never committed anywhere). */
  public static String randomSecret() {
    return UUID.randomUUID() + "-" + UUID.randomUUID();
  }

  public String token(String sub, String... roles) {
    return issuer.issue(sub, List.of(roles), 600);
  }

  /** A token that expires {@code ttlSeconds} from now. */
  public String shortToken(long ttlSeconds, String sub, String... roles) {
    return issuer.issue(sub, List.of(roles), ttlSeconds);
  }
}
