package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.ingress.hub.LocalHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer per node (never per socket): tells the rooms owner this node is alive. If the owner
 * does not know the node (it restarted, a standby took over, or it timed the node out), the node
 * restates all its memberships, and the owner makes their rooms again if it forgot them.
 */
final class NodeHeartbeat {

  private static final Logger LOG = LoggerFactory.getLogger(NodeHeartbeat.class);

  private final Vertx vertx;
  private final NodeContext node;
  private long timer = -1;
  private boolean resyncing;

  NodeHeartbeat(Vertx vertx, NodeContext node) {
    this.vertx = vertx;
    this.node = node;
  }

  void start() {
    beat();
    timer = vertx.setPeriodic(node.settings().heartbeatMillis(), t -> beat());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void beat() {
    if (resyncing) {
      return;
    }
    node.bus().<JsonObject>request(Addresses.ROOMS_HEARTBEAT, new JsonObject().put("node", node.nodeId()))
        .onSuccess(reply -> {
          if (!reply.body().getBoolean("known")) {
            resync();
          }
        })
        .onFailure(e -> LOG.debug("heartbeat not answered: {}", e.toString()));
  }

  private void resync() {
    resyncing = true;
    JsonArray members = new JsonArray();
    for (LocalHub.Member m : node.hub().sockets()) {
      m.rooms().forEach(room -> members.add(new JsonObject().put("room", room).put("socket", m.id()).put("client", m.client())));
    }
    node.bus().<JsonObject>request(Addresses.ROOMS_RESYNC, new JsonObject().put("node", node.nodeId()).put("members", members))
        .onSuccess(reply -> {
          if (!members.isEmpty()) {
            LOG.info("ingress {}: restated {} memberships to the rooms owner", node.nodeId(), members.size());
          }
        })
        .onFailure(e -> LOG.warn("resync failed, will retry: {}", e.toString()))
        .onComplete(ar -> resyncing = false);
  }
}
