package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.hub.LocalHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * After room state was lost (a partition lost every copy), or this node was dropped by the other
 * side of a split, this node restates each membership it holds: a join flagged {@code restate},
 * harmless for rooms that survived, and for a lost room it makes the room again under a new
 * epoch, whose members the hub then sends a {@code reset}. A restate the cluster could not answer
 * (a merge still moving partitions, a sequencer gone) is tried again, with a growing pause, while
 * the socket is still in the room.
 */
public final class MembershipRestater {

  private static final Logger LOG = LoggerFactory.getLogger(MembershipRestater.class);
  /** Pauses before the tries after the first, in ms (about a minute in all). */
  private static final long[] RETRIES = {1_000, 2_000, 4_000, 8_000, 15_000, 30_000};

  private final NodeContext node;
  private final Vertx vertx;
  /** "socket room" of the restates under way (touched on the ingress's context only). */
  private final Set<String> underWay = new HashSet<>();

  MembershipRestater(NodeContext node, Vertx vertx) {
    this.node = node;
    this.vertx = vertx;
  }

  void restateAll() {
    int count = 0;
    for (LocalHub.Member m : node.hub().sockets()) {
      NodeSocket session = (NodeSocket) m;
      for (String room : List.copyOf(session.rooms())) {
        count++;
        restate(session, room);
      }
    }
    LOG.warn("ingress {}: restating {} memberships (room state was lost in the cluster, or this node was dropped by a split)",
        node.nodeId(), count);
  }

  /**
   * Restates one membership, unless that is already under way (its tries go on): for every
   * membership after a loss or a merge, or for one whose send the room's sequencer refused as not
   * joined (the other side of a split dropped it).
   */
  public void restate(NodeSocket session, String room) {
    if (underWay.add(session.id() + " " + room)) {
      restate(session, room, 0);
    }
  }

  private void restate(NodeSocket session, String room, int attempt) {
    node.bus().<JsonObject>request(Addresses.ROOMS_JOIN, JoinRequest.restating(session.command(room, null)).toJson())
        .onSuccess(reply -> {
          underWay.remove(session.id() + " " + room);
          JoinAnswer joined = JoinAnswer.fromJson(reply.body());
          if (!session.joined(room, joined.seq(), joined.epoch(), joined.nodeBase())) {
            // the socket closed meanwhile: take the restated membership back
            node.bus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(session.id(), null, room).toJson());
          } else {
            node.hub().restated(room, session, joined.seq(), joined.epoch(), joined.nodeLast());
          }
        })
        .onFailure(e -> {
          boolean again = attempt < RETRIES.length && BusErrors.toPorthouse(e).code().serverSide()
              && node.hub().socket(session.id()) == session && session.rooms().contains(room);
          if (again) {
            vertx.setTimer(RETRIES[attempt], t -> {
              if (node.hub().socket(session.id()) == session && session.rooms().contains(room)) {
                restate(session, room, attempt + 1);
              } else {
                underWay.remove(session.id() + " " + room); // it left the room, or its socket closed
              }
            });
          } else {
            underWay.remove(session.id() + " " + room);
            node.hub().restateFailed(room, session);
            LOG.warn("ingress {}: could not restate socket {} in room {}: {}", node.nodeId(), session.id(), room, e.toString());
          }
        });
  }
}
