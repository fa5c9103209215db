package io.porthouse.rooms;

import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One room's state, owned by the {@link RoomRegistry}: its members (socket id to node id), how
 * many members each node holds (so fan-out knows which nodes to reach), and its sequence counter.
 */
final class Room {

  final String name;
  final JsonObject rules;
  private final Map<String, String> nodeBySocket = new HashMap<>();
  private final Map<String, Integer> membersByNode = new HashMap<>();
  private long seq;
  private long emptySince;

  Room(String name, JsonObject rules, long now) {
    this.name = name;
    this.rules = rules;
    this.emptySince = now;
  }

  boolean isMember(String socket) {
    return nodeBySocket.containsKey(socket);
  }

  /** Adds a member; false if it already was one. */
  boolean add(String socket, String node) {
    if (nodeBySocket.putIfAbsent(socket, node) != null) {
      return false;
    }
    membersByNode.merge(node, 1, Integer::sum);
    return true;
  }

  /** Removes a member; false if it was not one. */
  boolean remove(String socket, long now) {
    String node = nodeBySocket.remove(socket);
    if (node == null) {
      return false;
    }
    membersByNode.computeIfPresent(node, (n, count) -> count == 1 ? null : count - 1);
    if (nodeBySocket.isEmpty()) {
      emptySince = now;
    }
    return true;
  }

  int size() {
    return nodeBySocket.size();
  }

  long emptySince() {
    return emptySince;
  }

  long seq() {
    return seq;
  }

  /** Assigns the next sequence number: once per accepted message, no gaps. */
  long nextSeq() {
    return ++seq;
  }

  /** The nodes holding at least one member. */
  Collection<String> nodes() {
    return membersByNode.keySet();
  }

  /** The nodes holding at least one of {@code sockets} among the members. */
  Set<String> nodesOf(List<String> sockets) {
    Set<String> nodes = new HashSet<>();
    for (String s : sockets) {
      String node = nodeBySocket.get(s);
      if (node != null) {
        nodes.add(node);
      }
    }
    return nodes;
  }
}
