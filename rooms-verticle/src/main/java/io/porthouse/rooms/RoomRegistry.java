package io.porthouse.rooms;

import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * All room state of the cluster: rooms, their members, which ingress node holds each socket, and
 * when each node was last heard from. Plain single-threaded state, touched only on the rooms
 * verticle's event loop; every method either succeeds or throws a {@link PorthouseException}.
 * Times are passed in (epoch millis) so tests control the clock.
 */
final class RoomRegistry {

  /** What fan-out needs for one accepted message. */
  record Sequenced(long seq, Collection<String> nodes) {
  }

  /** A membership an ingress node restates after a resync. */
  record Membership(String room, String socket, String client) {
  }

  private final boolean autoCreate;
  private final long emptyRoomTtlMillis;
  private final long nodeTimeoutMillis;
  private final Map<String, Room> rooms = new TreeMap<>();
  /** Per socket: its node and the rooms it is in. */
  private final Map<String, SocketRooms> sockets = new HashMap<>();
  private final Map<String, Set<String>> socketsByNode = new HashMap<>();
  private final Map<String, Long> nodeLastSeen = new HashMap<>();

  RoomRegistry(boolean autoCreate, long emptyRoomTtlMillis, long nodeTimeoutMillis) {
    this.autoCreate = autoCreate;
    this.emptyRoomTtlMillis = emptyRoomTtlMillis;
    this.nodeTimeoutMillis = nodeTimeoutMillis;
  }

  void create(RoomCommand c, long now) {
    requireCreator(c);
    JsonObject rules = RoomRules.validate(c.rules());
    if (rooms.containsKey(c.room())) {
      throw PorthouseException.of(ErrorCode.CONFLICT, "room '" + c.room() + "' already exists");
    }
    rooms.put(c.room(), new Room(c.room(), rules, now));
    seen(c.node(), now);
  }

  /** Adds the socket to the room (idempotent) and returns the room's last seq. */
  long join(RoomCommand c, long now) {
    Room room = rooms.get(c.room());
    if (room == null) {
      if (!autoCreate || !c.roles().contains("primary")) {
        throw notFound(c.room());
      }
      room = new Room(c.room(), new JsonObject(), now);
      rooms.put(c.room(), room);
    }
    if (room.add(c.socket(), c.node())) {
      sockets.computeIfAbsent(c.socket(), s -> new SocketRooms(c.node())).rooms.add(room.name);
      socketsByNode.computeIfAbsent(c.node(), n -> new HashSet<>()).add(c.socket());
    }
    seen(c.node(), now);
    return room.seq();
  }

  void leave(RoomCommand c, long now) {
    Room room = rooms.get(c.room());
    if (room == null) {
      throw notFound(c.room());
    }
    if (!room.isMember(c.socket())) {
      throw PorthouseException.of(ErrorCode.NOT_FOUND, "not a member of room '" + c.room() + "'");
    }
    removeMembership(room, c.socket(), now);
    SocketRooms state = sockets.get(c.socket());
    if (state != null && state.rooms.isEmpty()) {
      sockets.remove(c.socket());
      removeFromNode(c.socket(), state.node);
    }
  }

  /** Checks that the socket may send to the room. */
  void admit(String roomName, String socket) {
    Room room = rooms.get(roomName);
    if (room == null) {
      throw notFound(roomName);
    }
    if (!room.isMember(socket)) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "join room '" + roomName + "' before sending to it");
    }
  }

  /** Admits the message and assigns its seq; returns the nodes to deliver it to. */
  Sequenced sequence(String roomName, String socket, List<String> to) {
    admit(roomName, socket);
    Room room = rooms.get(roomName);
    long seq = room.nextSeq();
    return new Sequenced(seq, to == null ? List.copyOf(room.nodes()) : room.nodesOf(to));
  }

  JsonArray list() {
    JsonArray out = new JsonArray();
    rooms.values().forEach(r -> out.add(new JsonObject().put("name", r.name).put("type", "transient").put("members", r.size())));
    return out;
  }

  /** A socket closed: it leaves every room. */
  void disconnect(String socket, long now) {
    SocketRooms state = sockets.remove(socket);
    if (state == null) {
      return;
    }
    leaveAll(socket, state, now);
    removeFromNode(socket, state.node);
  }

  /** An ingress node left or died: all its sockets leave all rooms. */
  void dropNode(String node, long now) {
    nodeLastSeen.remove(node);
    Set<String> held = socketsByNode.remove(node);
    if (held == null) {
      return;
    }
    for (String socket : held) {
      SocketRooms state = sockets.remove(socket);
      if (state != null) {
        leaveAll(socket, state, now);
      }
    }
  }

  /** Records a heartbeat; false if the node was unknown (it must resync). */
  boolean heartbeat(String node, long now) {
    return nodeLastSeen.put(node, now) != null;
  }

  /**
   * Restates a node's memberships after this registry forgot it (a new rooms owner, or the node
   * was timed out while alive). A transient room exists while it has members, so a room this
   * registry does not know is made again, without rules (rules are not kept across owners yet)
   * and with seq starting over. Returns how many rooms were made again.
   */
  int resync(String node, List<Membership> members, long now) {
    // Additive: a join processed between the unanswered heartbeat and this resync must stay.
    seen(node, now);
    int remade = 0;
    for (Membership m : members) {
      if (!rooms.containsKey(m.room())) {
        rooms.put(m.room(), new Room(m.room(), new JsonObject(), now));
        remade++;
      }
      join(new RoomCommand(m.room(), m.socket(), node, m.client(), List.of(), null), now);
    }
    return remade;
  }

  /**
   * Periodic housekeeping: drops nodes silent for longer than the timeout (their sockets leave
   * every room) and empty rooms older than the empty-room TTL. Returns the dropped nodes.
   */
  List<String> sweep(long now) {
    List<String> silent = nodeLastSeen.entrySet().stream()
        .filter(e -> now - e.getValue() > nodeTimeoutMillis).map(Map.Entry::getKey).toList();
    silent.forEach(node -> dropNode(node, now));
    rooms.values().removeIf(r -> r.size() == 0 && now - r.emptySince() >= emptyRoomTtlMillis);
    return silent;
  }

  boolean exists(String room) {
    return rooms.containsKey(room);
  }

  private void removeMembership(Room room, String socket, long now) {
    room.remove(socket, now);
    SocketRooms state = sockets.get(socket);
    if (state != null) {
      state.rooms.remove(room.name);
    }
    if (room.size() == 0) {
      rooms.remove(room.name); // transient rooms vanish with their last member
    }
  }

  private void leaveAll(String socket, SocketRooms state, long now) {
    for (String name : List.copyOf(state.rooms)) {
      Room room = rooms.get(name);
      if (room != null) {
        removeMembership(room, socket, now);
      }
    }
  }

  private void removeFromNode(String socket, String node) {
    Set<String> held = socketsByNode.get(node);
    if (held != null) {
      held.remove(socket);
      if (held.isEmpty()) {
        socketsByNode.remove(node);
      }
    }
  }

  private void seen(String node, long now) {
    nodeLastSeen.put(node, now);
  }

  /** The node of a socket and the rooms it has joined. */
  private static final class SocketRooms {
    final String node;
    final Set<String> rooms = new HashSet<>();

    SocketRooms(String node) {
      this.node = node;
    }
  }

  private static void requireCreator(RoomCommand c) {
    if (c.client() == null) {
      throw PorthouseException.of(ErrorCode.UNAUTHORIZED, "authenticate before creating rooms");
    }
    if (!c.roles().contains("primary") && !c.roles().contains("owner")) {
      throw PorthouseException.of(ErrorCode.FORBIDDEN, "creating rooms needs role 'primary' or 'owner'");
    }
  }

  private static PorthouseException notFound(String room) {
    return PorthouseException.of(ErrorCode.NOT_FOUND, "no room '" + room + "'");
  }
}
