package io.porthouse.roomstate;

import io.porthouse.core.cluster.NodeIds;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A room's members (socket, its node, its client and roles), in join order, and per ingress node
 * its member count and the seq of the last delivery sent to it: so each delivery names its
 * predecessor on that node ({@code prevSeq}), and a node can put deliveries from different
 * senders back in order. Part of {@link RoomState}: deterministic, single-threaded.
 */
final class RoomMembers implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  /** What {@link #add} answers when the member's node is new in the room. */
  static final long NEW_NODE = -1;

  /** socket id → node id. */
  private final LinkedHashMap<String, String> nodeBySocket = new LinkedHashMap<>();
  /** socket id → client ({@code sub}) of members that have one. */
  private final HashMap<String, String> clients = new HashMap<>();
  /** socket id → roles of members that have any (for the send rules). */
  private final HashMap<String, List<String>> rolesBySocket = new HashMap<>();
  /** socket id → what the backend's join hook said of the member (JSON), shown in presence; {@code null} in a state from a build before it. */
  private HashMap<String, String> infoBySocket = new HashMap<>();
  /** node id → its member count and the last seq delivered to it. */
  private final HashMap<String, NodeTrack> nodes = new HashMap<>();

  private static final class NodeTrack implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    int members;
    long lastSeq;

    NodeTrack(long lastSeq) {
      this.lastSeq = lastSeq;
    }
  }

  int size() {
    return nodeBySocket.size();
  }

  boolean isEmpty() {
    return nodeBySocket.isEmpty();
  }

  /** Members without a client. */
  int anonymous() {
    return nodeBySocket.size() - clients.size();
  }

  boolean contains(String socket) {
    return nodeBySocket.containsKey(socket);
  }

  /** The member's node, or {@code null} if {@code socket} is not a member. */
  String nodeOf(String socket) {
    return nodeBySocket.get(socket);
  }

  /** What the join hook said of the member (JSON), or {@code null}. */
  String infoOf(String socket) {
    return infos().get(socket);
  }

  private HashMap<String, String> infos() {
    if (infoBySocket == null) { // a state from a build before join-hook info (a rolling upgrade)
      infoBySocket = new HashMap<>();
    }
    return infoBySocket;
  }

  String clientOf(String socket) {
    return clients.get(socket);
  }

  List<String> rolesOf(String socket) {
    return rolesBySocket.getOrDefault(socket, List.of());
  }

  /** Ingress nodes holding at least one member. */
  Set<String> nodes() {
    return nodes.keySet();
  }

  /**
   * Adds a member (not one already) when the room's seq is {@code seq}: {@link #NEW_NODE} if its
   * node is new here (the node's deliveries start after {@code seq}), else the last seq sent to its
   * node (a socket the node may have held all along, which this room dropped in a split).
   */
  long add(String socket, String node, String client, List<String> roles, String info, long seq) {
    nodeBySocket.put(socket, node);
    if (info != null) {
      infos().put(socket, info);
    }
    if (client != null) {
      clients.put(socket, client);
    }
    if (!roles.isEmpty()) {
      rolesBySocket.put(socket, roles);
    }
    NodeTrack track = nodes.get(node);
    if (track == null) {
      track = new NodeTrack(seq);
      nodes.put(node, track);
      track.members++;
      return NEW_NODE;
    }
    track.members++;
    return track.lastSeq;
  }

  /** Removes a member; false if it was not one. */
  boolean remove(String socket) {
    String node = nodeBySocket.remove(socket);
    if (node == null) {
      return false;
    }
    clients.remove(socket);
    rolesBySocket.remove(socket);
    infos().remove(socket);
    NodeTrack track = nodes.get(node);
    if (track != null && --track.members == 0) {
      nodes.remove(node);
    }
    return true;
  }

  /** Removes every member held by one of {@code deadNodes} (or an extension ingress of theirs); answers them (socket, client). */
  List<String[]> dropNodes(Set<String> deadNodes) {
    List<String[]> dropped = new ArrayList<>();
    for (Iterator<Map.Entry<String, String>> it = nodeBySocket.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, String> member = it.next();
      if (NodeIds.belongsTo(member.getValue(), deadNodes)) {
        it.remove();
        dropped.add(new String[] {member.getKey(), clients.get(member.getKey())});
        clients.remove(member.getKey());
        rolesBySocket.remove(member.getKey());
        infos().remove(member.getKey());
      }
    }
    if (!dropped.isEmpty()) {
      nodes.keySet().removeIf(node -> NodeIds.belongsTo(node, deadNodes));
    }
    return dropped;
  }

  /** The members (socket → client) after {@code afterSocket} (or from the start), at most {@code limit}, in join order. */
  List<String[]> page(String afterSocket, int limit) {
    List<String[]> out = new ArrayList<>();
    boolean started = afterSocket == null;
    for (Map.Entry<String, String> e : nodeBySocket.entrySet()) {
      if (!started) {
        started = e.getKey().equals(afterSocket);
        continue;
      }
      if (out.size() == limit) {
        break;
      }
      out.add(new String[] {e.getKey(), clients.get(e.getKey()), infos().get(e.getKey())});
    }
    return out;
  }

  /** Nodes a message for every member goes to: the sender's node only if another receiver is there, or with {@code echo}. */
  List<String> receivingNodes(String senderNode, boolean echo) {
    List<String> out = new ArrayList<>(nodes.size());
    nodes.forEach((node, track) -> {
      if (echo || !node.equals(senderNode) || track.members > 1) {
        out.add(node);
      }
    });
    return out;
  }

  /** Nodes a message for the members {@code to} goes to (and the sender's, with {@code echo}). */
  List<String> nodesOf(List<String> to, String sender, boolean echo) {
    List<String> out = new ArrayList<>(2);
    if (echo && sender != null) {
      out.add(nodeBySocket.get(sender));
    }
    for (String s : to) {
      String node = nodeBySocket.get(s);
      if (node != null && !s.equals(sender) && !out.contains(node)) {
        out.add(node);
      }
    }
    return out;
  }

  /** Message {@code seq} goes to {@code targets}: answers, per node, the seq of its previous delivery. */
  long[] deliver(String[] targets, long seq) {
    long[] prevs = new long[targets.length];
    for (int i = 0; i < targets.length; i++) {
      NodeTrack track = nodes.get(targets[i]);
      prevs[i] = track.lastSeq;
      track.lastSeq = seq;
    }
    return prevs;
  }
}
