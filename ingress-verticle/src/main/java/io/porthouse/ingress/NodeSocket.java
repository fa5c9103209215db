package io.porthouse.ingress;

import io.porthouse.core.bus.RoomCommand;
import io.porthouse.hub.LocalHub;
import io.vertx.core.json.JsonObject;

/**
 * A client connection held by this node, whatever it speaks (a protocol v1 session, a raw room
 * socket): what the node needs to speak to the rooms for it, e.g. to restate its memberships.
 */
public interface NodeSocket extends LocalHub.Member {

  /** This socket's request about {@code room}, as the room's sequencer expects it. */
  RoomCommand command(String room, JsonObject rules);

  /**
   * The room's sequencer accepted a join: the socket gets every message after {@code seq}. False if
   * the socket closed meanwhile (the caller then undoes the join at the sequencer).
   */
  boolean joined(String room, long seq, String epoch, long nodeBase);

  /** The transport it came by, as metrics label it ({@link IngressMeters#TRANSPORTS}). */
  String transportName();
}
