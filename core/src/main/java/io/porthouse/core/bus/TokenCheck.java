package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A JWT to verify, sent to {@link io.porthouse.core.Addresses#AUTH_VERIFY}; answered with the
 * {@link Identity} it proves, or refused {@code unauthorized}. Shape on the bus: {@code {"token"}}.
 */
public record TokenCheck(String token) {

  public JsonObject toJson() {
    return new JsonObject().put("token", token);
  }

  public static TokenCheck fromJson(JsonObject json) {
    return new TokenCheck(json.getString("token"));
  }
}
