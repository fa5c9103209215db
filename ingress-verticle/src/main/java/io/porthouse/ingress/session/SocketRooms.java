package io.porthouse.ingress.session;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.companion.Companions;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rooms one socket is in, as its node's hub delivers them: the join on its way (deliveries
 * that arrive meanwhile wait for its answer), joins answered, leaves, and what the rooms are told
 * when the socket goes. Its companions hear of each join and leave.
 */
final class SocketRooms {

  private final Session socket;
  private final NodeContext node;
  private final Companions companions;
  private final Set<String> rooms = new LinkedHashSet<>();
  private final Confinement confinement = new Confinement();
  private String joining;

  SocketRooms(Session socket, NodeContext node, Companions companions) {
    this.socket = socket;
    this.node = node;
    this.companions = companions;
  }

  Set<String> all() {
    return rooms;
  }

  Confinement confinement() {
    return confinement;
  }

  /** A join is on its way to the room's sequencer: deliveries that arrive meanwhile wait for its answer. */
  void joining(String room) {
    joining = room;
    node.hub().joining(room, socket);
  }

  /** The join was answered: the socket's deliveries of {@code room} start after {@code seq} ({@code nodeBase}: see the hub). */
  void joined(String room, long seq, String epoch, long nodeBase) {
    joining = null;
    boolean added = rooms.add(room);
    node.hub().joined(room, socket, seq, epoch, nodeBase);
    if (added) {
      companions.event("joined", room, null);
    }
  }

  /** The join was answered with a refusal, or not at all. */
  void joinFailed(String room) {
    joining = null;
    if (!rooms.contains(room)) {
      node.hub().joinFailed(room, socket);
    }
  }

  /** Left {@code room} (or it closed): deliveries stop. */
  void left(String room) {
    confinement.left(room);
    if (rooms.remove(room)) {
      node.hub().left(room, socket);
      companions.event("left", room, null);
    }
  }

  /**
   * The server takes the socket out of {@code leaving} (token expired, an exclusive room joined, a
   * move): deliveries stop here at once, and one message tells the rooms.
   */
  void leave(List<String> leaving) {
    if (leaving.isEmpty()) {
      return;
    }
    leaving.forEach(this::left);
    node.bus().send(Addresses.ROOMS_DISCONNECT, new Disconnect(socket.id(), socket.client(), leaving).toJson());
  }

  /** The socket left the node: the hub delivers it nothing more (a join in flight is undone when its answer comes). */
  void leftNode() {
    node.hub().disconnected(socket, rooms);
    if (joining != null) {
      node.hub().left(joining, socket);
    }
  }

  /** The socket's connection closed: the rooms it is in drop it. */
  void tellClosed() {
    if (!rooms.isEmpty()) {
      node.bus().send(Addresses.ROOMS_DISCONNECT, new Disconnect(socket.id(), socket.client(), List.copyOf(rooms)).toJson());
    }
  }
}
