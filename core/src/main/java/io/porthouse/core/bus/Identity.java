package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Who a verified token belongs to. Shape on the bus: {@code {"client":"alice","roles":["primary"]}}.
 *
 * @param client the token's {@code sub}
 * @param roles  the token's {@code roles} claim (empty if none)
 */
public record Identity(String client, List<String> roles) {

  public Identity {
    roles = List.copyOf(roles);
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
    return new JsonObject().put("client", client).put("roles", new JsonArray(roles));
  }

  @SuppressWarnings("unchecked")
  public static Identity fromJson(JsonObject json) {
    return new Identity(json.getString("client"), json.getJsonArray("roles", new JsonArray()).getList());
  }
}
