package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * Room state was lost (partitions lost, or one node's memberships): the ingress nodes restate their
 * sockets' memberships. Published on {@link io.porthouse.core.Addresses#ROOMS_LOST}. Shape on the
 * bus: {@code {"reason"}} for every node, or {@code {"node"}} for one.
 *
 * @param reason why, when every node restates; {@code null} otherwise
 * @param node   the one node that restates, or {@code null} for every node
 */
public record RoomsLost(String reason, String node) {

  /** Every node restates. */
  public static RoomsLost everywhere(String reason) {
    return new RoomsLost(reason, null);
  }

  /** Only {@code node} restates. */
  public static RoomsLost at(String node) {
    return new RoomsLost(null, node);
  }

  /** Whether node {@code nodeId} restates. */
  public boolean concerns(String nodeId) {
    return node == null || node.equals(nodeId);
  }

  public JsonObject toJson() {
    return node == null ? new JsonObject().put("reason", reason) : new JsonObject().put("node", node);
  }

  public static RoomsLost fromJson(JsonObject json) {
    return new RoomsLost(json.getString("reason"), json.getString("node"));
  }
}
