package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.ingress.hub.LocalHub;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After room state was lost (a partition lost every copy), this node restates each membership
 * it holds: a join flagged {@code restate}, harmless for rooms that survived, and for a lost room
 * it makes the room again under a new epoch, whose members the hub then sends a {@code reset}.
 */
final class MembershipRestater {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipRestater.class);

  private final NodeContext node;

  MembershipRestater(NodeContext node) {
    this.node = node;
  }

  void restateAll() {
    int count = 0;
    for (LocalHub.Member m : node.hub().sockets()) {
      NodeSocket session = (NodeSocket) m;
      for (String room : java.util.List.copyOf(session.rooms())) {
        count++;
        JsonObject join = session.command(room, null).toJson().put("restate", true);
        node.bus().<JsonObject>request(Addresses.ROOMS_JOIN, join)
            .onSuccess(reply -> {
              if (!session.joined(room, reply.body().getLong("seq"), reply.body().getString("epoch"),
                  reply.body().getLong("nodeBase"))) {
                // the socket closed meanwhile: take the restated membership back
                node.bus().send(Addresses.ROOMS_DISCONNECT,
                    new JsonObject().put("socket", session.id()).put("rooms", new io.vertx.core.json.JsonArray().add(room)));
              }
            })
            .onFailure(e -> LOG.warn("ingress {}: could not restate socket {} in room {}: {}", node.nodeId(),
                session.id(), room, e.toString()));
      }
    }
    LOG.warn("ingress {}: room state was lost in the cluster; restating {} memberships", node.nodeId(), count);
  }
}
