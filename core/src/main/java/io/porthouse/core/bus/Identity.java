package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Who a verified token belongs to. Shape on the bus:
 * {@code {"client":"alice","roles":["primary"],"expiresAt":1767225600}}.
 *
 * @param client    the token's {@code sub}
 * @param roles     the token's {@code roles} claim (empty if none)
 * @param expiresAt the token's {@code exp} (epoch seconds), or {@link #NEVER}
 */
public record Identity(String client, List<String> roles, long expiresAt) {

  /** {@link #expiresAt} of a token without {@code exp}. */
  public static final long NEVER = Long.MAX_VALUE;

  public Identity {
    roles = List.copyOf(roles);
  }

  public Identity(String client, List<String> roles) {
    this(client, roles, NEVER);
  }

  public boolean hasAnyRole(String... wanted) {
    for (String w : wanted) {
      if (roles.contains(w)) {
        return true;
      }
    }
    return false;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("client", client).put("roles", new JsonArray(roles));
    return expiresAt == NEVER ? json : json.put("expiresAt", expiresAt);
  }

  @SuppressWarnings("unchecked")
  public static Identity fromJson(JsonObject json) {
    return new Identity(json.getString("client"), json.getJsonArray("roles", new JsonArray()).getList(),
        json.getLong("expiresAt", NEVER));
  }
}
