package io.porthouse.client;

import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What the client reads of its own token: when it expires (not verified: the server verifies it). */
final class Tokens {

  private Tokens() {
  }

  /** The {@code exp} (seconds since the epoch) of a JWT, or null (none, or not a JWT). */
  static Long expiry(String token) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      return claims.getValue("exp") instanceof Number n ? n.longValue() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
