package io.porthouse.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;

import java.util.List;

/** Signs tokens with the configured key (for {@code bin/porthouse token} and tests). */
public final class TokenIssuer {

  private final JWTAuth jwt;
  private final String algorithm;
  private final JsonObject authConfig;

  public TokenIssuer(JWTAuth jwt, JsonObject fullConfig) {
    this.jwt = jwt;
    this.authConfig = fullConfig.getJsonObject("auth");
    this.algorithm = authConfig.getString("algorithm");
  }

  /** A token for {@code sub} with {@code roles}, valid for {@code ttlSeconds}. */
  public String issue(String sub, List<String> roles, long ttlSeconds) {
    JWTOptions options = new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds((int) ttlSeconds)
        .setSubject(sub);
    if (authConfig.getString("issuer") != null) {
      options.setIssuer(authConfig.getString("issuer"));
    }
    if (authConfig.getString("audience") != null) {
      options.addAudience(authConfig.getString("audience"));
    }
    return jwt.generateToken(new JsonObject().put("roles", new JsonArray(roles)), options);
  }
}
