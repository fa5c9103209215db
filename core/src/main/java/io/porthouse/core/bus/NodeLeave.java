package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * An ingress node stops (or a bridge does): every socket of {@code node} leaves its rooms. Sent to
 * {@link io.porthouse.core.Addresses#ROOMS_NODE_LEAVE}; the answer is {@code {"dropped":k}}, the
 * members dropped. Shape on the bus: {@code {"node"}}.
 */
public record NodeLeave(String node) {

  public JsonObject toJson() {
    return new JsonObject().put("node", node);
  }

  public static NodeLeave fromJson(JsonObject json) {
    return new NodeLeave(json.getString("node"));
  }
}
