package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.NotJoined;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;

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
 * One room's state: the one room state machine of Porthouse, applied either in-process (embedded)
 * or by a Hazelcast entry processor on the room's partition owner (clustered; re-applied on each
 * backup with the same inputs, so every method is deterministic: times and epochs come in as
 * arguments). Single-threaded: its owner (the store entry) is touched by one thread at a time.
 *
 * <p>Besides members and {@code seq}, the room tracks per ingress node the seq of the last
 * delivery sent to that node, so each delivery names its predecessor ({@code prevSeq}) and a node
 * can put deliveries from different senders back in order; and it remembers the replies to the
 * most recent envelope ids (bounded), so a retried sequencing gets the same seq.
 */
public final class RoomState implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  private static final int MAX_POST_BUCKETS = 10_000;

  private final String name;
  private final String epoch;
  /** The room's effective rules as JSON text (the password as its hash), and as applied. */
  private String rules;
  private RoomPolicy policy;
  private final String owner;
  private final String createdBy;
  private final long createdAt;
  private long seq;
  private long emptySince;
  /** socket id → node id. */
  private final LinkedHashMap<String, String> nodeBySocket = new LinkedHashMap<>();
  /** socket id → client ({@code sub}) of members that have one. */
  private final HashMap<String, String> clients = new HashMap<>();
  /** socket id → roles of members that have any (for the send rules). */
  private final HashMap<String, List<String>> rolesBySocket = new HashMap<>();
  /** socket id → its send allowance under rule {@code rate}: {tokens in millionths, last refill ms}. */
  private final HashMap<String, long[]> buckets = new HashMap<>();
  /** node id → its member count and the last seq delivered to it. */
  private final HashMap<String, NodeTrack> nodes = new HashMap<>();
  /** envelope id → the reply it got, oldest first. */
  private final LinkedHashMap<String, Recent> recent = new LinkedHashMap<>();
  /** The room's recent messages (bounded by the {@link HistoryLimits} each send brings). */
  private final RoomHistory history = new RoomHistory();
  /** Who may enter, and the room's count of failed attempts to (kept with the room: cluster-wide). */
  private final RoomEntry entry;

  private static final class NodeTrack implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    int members;
    long lastSeq;

    NodeTrack(long lastSeq) {
      this.lastSeq = lastSeq;
    }
  }

  /** A sequenced message's reply, when, and the envelope that got it (a retry inside the cluster resends that very envelope). */
  private record Recent(RoomReply reply, long at, String envelopeId) implements Serializable {
  }

  RoomState(String name, String epoch, String rules, String owner, String createdBy, long createdAt) {
    this.name = name;
    this.epoch = epoch;
    this.rules = rules;
    this.policy = new RoomPolicy(new JsonObject(rules));
    this.owner = owner;
    this.entry = new RoomEntry(name);
    this.createdBy = createdBy;
    this.createdAt = createdAt;
    this.emptySince = createdAt;
  }

  /** A fresh room epoch: random, so a room made again never repeats an earlier epoch. */
  public static String freshEpoch() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  public String name() {
    return name;
  }

  public String epoch() {
    return epoch;
  }

  /** The room's effective rules as JSON text (a password as its hash). */
  public String rules() {
    return rules;
  }

  /** The rules as applied. */
  RoomPolicy policy() {
    return policy;
  }

  /** Replaces the room's rules (members stay; limits apply from the next join or send). */
  void changeRules(String newRules) {
    rules = newRules;
    policy = new RoomPolicy(new JsonObject(newRules));
    if (policy.rate == 0) {
      buckets.clear();
    }
  }

  /** Shown in every socket's room list (rule {@code public}). */
  public boolean listed() {
    return policy.listed;
  }

  /** Listed to a client its access rules admit by identity (rules {@code roles}, {@code clients}, {@code authenticated}). */
  public boolean listedTo(String client, List<String> roles) {
    return policy.mayList(client, roles);
  }

  /** The creating client, or {@code null} for a room made again after a loss. */
  public String owner() {
    return owner;
  }

  public long createdAt() {
    return createdAt;
  }

  public long seq() {
    return seq;
  }

  public int size() {
    return nodeBySocket.size();
  }

  /** Whether members hear of joins and leaves (rule {@code presence}). */
  public boolean presence() {
    return policy.presence;
  }

  /** Whether the room is kept in the database and stays when empty (rule {@code persistent}). */
  public boolean persistent() {
    return policy.persistent;
  }

  /** Whether a member is in this room alone until it is moved (rule {@code exclusive}). */
  public boolean exclusive() {
    return policy.exclusive;
  }

  /** Whether senders get their own messages too (rule {@code echo}). */
  public boolean echo() {
    return policy.echo;
  }

  /**
   * Why this identity may not join now (the access rules, with the room's count of refusals of
   * {@code who}: see {@link RoomEntry}; then the room's limits), or {@code null}. Changes the state
   * either way (the counts).
   */
  RoomReply admit(String socket, String client, List<String> roles, String passwordProof, boolean otpChecked, String who,
                  long now) {
    if (nodeBySocket.containsKey(socket)) {
      return null; // a member already: a join again changes nothing
    }
    RoomReply refused = entry.admit(policy, client, roles, isOwner(client), passwordProof, otpChecked, who, now);
    return refused != null ? refused
        : policy.fits(name, nodeBySocket.size(), nodeBySocket.size() - clients.size(), client == null);
  }

  /** Before a join's secret is checked: why {@code who} may not try now, or {@code null} with the attempt counted ({@link RoomEntry}). */
  RoomReply beginSecretCheck(String client, List<String> roles, String who, long now) {
    return entry.beginSecretCheck(policy, client, roles, isOwner(client), who, now);
  }

  /** The check {@link #beginSecretCheck} began ended: {@code wrong} counts a failure, else (no verdict) nothing. */
  void endSecretCheck(String who, boolean wrong, long now) {
    entry.endSecretCheck(who, wrong, now);
  }

  /** Whether joining needs a secret from this identity (a password or a one-time code it is not exempt from). */
  boolean needsSecretFrom(String client, List<String> roles) {
    return policy.needsSecret() && !isOwnerOrAdmin(client, roles);
  }

  /** Whether this identity is the room's owner client or has role {@code owner} (server admins). */
  public boolean isOwnerOrAdmin(String client, List<String> roles) {
    return isOwner(client) || roles.contains("owner");
  }

  private boolean isOwner(String client) {
    return client != null && client.equals(owner);
  }

  /** The members (socket → client) after {@code afterSocket} (or from the start), at most {@code limit}, in join order. */
  public List<String[]> members(String afterSocket, int limit) {
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
      out.add(new String[] {e.getKey(), clients.get(e.getKey())});
    }
    return out;
  }

  public boolean isMember(String socket) {
    return nodeBySocket.containsKey(socket);
  }

  /** Ingress nodes holding at least one member. */
  public Set<String> nodes() {
    return nodes.keySet();
  }

  /** Whether this room was made by that very create call (its socket and the fresh epoch it chose). */
  boolean createdBy(String socket, String createEpoch) {
    return socket.equals(createdBy) && epoch.equals(createEpoch);
  }

  /** Adds a member; the reply's {@code nodeBase} is the seq its node's deliveries start after, if the node is new here. */
  RoomReply join(String socket, String node, String client, List<String> roles) {
    if (nodeBySocket.containsKey(socket)) {
      return RoomReply.joined(seq, epoch, RoomReply.NO_BASE).asRepeat(); // a member already
    }
    nodeBySocket.put(socket, node);
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
      return RoomReply.joined(seq, epoch, seq);
    }
    track.members++;
    // a socket its node may have held all along (this room dropped it in a split): what the node was not sent since lastSeq
    return RoomReply.joined(seq, epoch, RoomReply.NO_BASE).withNodeLast(track.lastSeq);
  }

  /** Removes a member; false if it was not one. */
  boolean leave(String socket, long now) {
    String node = nodeBySocket.remove(socket);
    if (node == null) {
      return false;
    }
    forget(socket);
    NodeTrack track = nodes.get(node);
    if (track != null && --track.members == 0) {
      nodes.remove(node);
    }
    if (nodeBySocket.isEmpty()) {
      emptySince = now;
    }
    return true;
  }

  /** Removes every member held by one of {@code deadNodes} (or an extension ingress of theirs); answers them (socket, client). */
  List<String[]> dropNodes(Set<String> deadNodes, long now) {
    List<String[]> dropped = new ArrayList<>();
    for (Iterator<Map.Entry<String, String>> it = nodeBySocket.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, String> member = it.next();
      if (NodeIds.belongsTo(member.getValue(), deadNodes)) {
        it.remove();
        dropped.add(new String[] {member.getKey(), clients.get(member.getKey())});
        forget(member.getKey());
      }
    }
    if (!dropped.isEmpty()) {
      nodes.keySet().removeIf(node -> NodeIds.belongsTo(node, deadNodes));
      if (nodeBySocket.isEmpty()) {
        emptySince = now;
      }
    }
    return dropped;
  }

  private void forget(String socket) {
    clients.remove(socket);
    rolesBySocket.remove(socket);
    buckets.remove(socket);
  }

  boolean emptyLongerThan(long ttlMillis, long now) {
    return nodeBySocket.isEmpty() && !policy.persistent && now - emptySince >= ttlMillis;
  }

  /**
   * Admits and sequences one message: the sender must be a member (a post, {@code socket} null,
   * needs none) whom the send rules let speak, within the room's size, format and rate rules
   * (checked on {@code kept}, the message itself); the message gets the next seq and one delivery per node that holds a receiver
   * (the sender's node only if another receiver is there). An envelope id seen within the dedupe window gets its first reply again.
   */
  RoomReply sequence(String envelopeId, String socket, List<String> to, DedupeWindow window, long now) {
    return sequence(envelopeId, envelopeId, socket, to, window, now, null, HistoryLimits.NONE, null);
  }

  /**
   * As above, and the message is kept in the room's history (before any member can be sent it)
   * when {@code kept} is given, history is on and {@code limits} keep any. A post (no socket)
   * needs no membership but passes the access rules a join would, as its client with
   * {@code postRoles}; a room with a password or one-time codes takes none.
   *
   * <p>The room remembers each sequenced message by {@code key} within the dedupe window. The same
   * key again is the same message: the same envelope resent inside the cluster (its owner died
   * mid-call) is answered as before, deliveries included, since the first ones may have been lost
   * with the call; another envelope with the key (a client's retry with the same {@code id}) is
   * answered the first seq and delivered nothing (what was delivered was the first one).
   */
  RoomReply sequence(String envelopeId, String key, String socket, List<String> to, DedupeWindow window, long now,
                     StoredMessage kept, HistoryLimits limits, List<String> postRoles) {
    Recent seen = recent.get(key);
    if (seen != null) {
      return envelopeId.equals(seen.envelopeId) ? seen.reply.asRepeat() : seen.reply.asResend();
    }
    String senderNode = null; // a post (no socket) needs no membership and reaches every member
    String client = kept == null ? null : kept.client();
    List<String> roles = postRoles == null ? List.of() : postRoles;
    if (socket == null) {
      RoomReply refused = policy.admitPost(name, client, roles, isOwner(client));
      if (refused != null) {
        return refused;
      }
    } else {
      senderNode = nodeBySocket.get(socket);
      if (senderNode == null) {
        return RoomReply.refused(ErrorCode.FORBIDDEN, NotJoined.message(name));
      }
      client = clients.get(socket);
      roles = rolesBySocket.getOrDefault(socket, List.of());
    }
    if (!policy.maySend(client, roles, isOwner(client))) {
      return RoomReply.refused(ErrorCode.FORBIDDEN, "room '" + name + "' does not let you send (rule 'send')");
    }
    if (to != null && !policy.toAllowed()) {
      return RoomReply.refused(ErrorCode.FORBIDDEN, "room '" + name + "' does not take receiver lists ('to')");
    }
    EnvelopeKind deliverAs = null;
    if (kept != null) {
      RoomReply tooBig = policy.checkSize(name, kept.payload().length);
      if (tooBig != null) {
        return tooBig;
      }
      Object converted = policy.convert(name, kept.kind(), kept.payload());
      if (converted instanceof RoomReply refused) {
        return refused;
      }
      deliverAs = (EnvelopeKind) converted;
    }
    // rule rate: per socket, and per client for posts (which have no socket)
    if (policy.rate > 0 && !take(socket != null ? socket : "post:" + client, now)) {
      return RoomReply.refused(ErrorCode.RATE_LIMITED, "room '" + name + "' takes at most " + policy.rate
          + " messages per second from one " + (socket != null ? "socket" : "client"));
    }
    long next = ++seq;
    if (policy.keeper != null) { // for the keeper alone: no member delivery, nothing kept
      RoomReply forKeeper = RoomReply.sequenced(next, epoch, new String[0], new long[0]).withKeeper(policy.keeper);
      remember(key, envelopeId, forKeeper, window, now);
      return forKeeper;
    }
    List<String> targets = to == null ? allReceivingNodes(senderNode) : nodesOf(to, socket);
    String[] targetNodes = targets.toArray(new String[0]);
    long[] prevs = new long[targetNodes.length];
    for (int i = 0; i < targetNodes.length; i++) {
      NodeTrack track = nodes.get(targetNodes[i]);
      prevs[i] = track.lastSeq;
      track.lastSeq = next;
    }
    RoomReply reply = RoomReply.sequenced(next, epoch, targetNodes, prevs);
    if (deliverAs != null && deliverAs != kept.kind()) {
      reply = reply.withKind(deliverAs);
    }
    remember(key, envelopeId, reply, window, now);
    HistoryLimits keep = limits.within(policy.historyLimits);
    if (kept != null && keep.size() > 0) {
      history.keep(kept.kept(next, deliverAs, now), keep, now);
    }
    return reply;
  }

  /**
   * Takes one message from a sender's allowance under rule {@code rate} (burst {@code burst}): a
   * member socket's, or a posting client's ({@code post:<client>}); false if none is left. Posting
   * clients are not members, so their allowances are forgotten all at once past
   * {@link #MAX_POST_BUCKETS} (memory stays bounded; at worst a poster's allowance starts afresh).
   */
  private boolean take(String sender, long now) {
    final long unit = 1_000_000;
    if (!buckets.containsKey(sender) && sender.startsWith("post:") && buckets.size() >= MAX_POST_BUCKETS) {
      buckets.keySet().removeIf(k -> k.startsWith("post:"));
    }
    long[] b = buckets.computeIfAbsent(sender, s -> new long[] {policy.burst * unit, now});
    long refill = Math.max(0, now - b[1]) * policy.rate * unit / 1000;
    b[0] = Math.min(policy.burst * unit, b[0] + refill);
    b[1] = now;
    if (b[0] < unit) {
      return false;
    }
    b[0] -= unit;
    return true;
  }

  /** Whether the room keeps history at all (rule {@code history}). */
  public boolean historyOn() {
    return policy.history;
  }

  /**
   * The stored messages after {@code since} up to {@code upTo} (inclusive), oldest first, at most
   * {@code limit}; with {@code reader} only those it may see ({@code to}).
   */
  List<StoredMessage> historyBetween(long since, long upTo, String reader, int limit, HistoryLimits serverLimits, long now) {
    return history.between(since, upTo, reader, limit, serverLimits.within(policy.historyLimits), now);
  }

  /**
   * Whether a member that last saw {@code since} of {@code sinceEpoch} can be given everything
   * after it: same epoch, history on, and history still holding every message after it (none
   * expired or pushed out), no more than {@code maxReplay} of them.
   */
  boolean canResume(long since, String sinceEpoch, int maxReplay, HistoryLimits serverLimits, long now) {
    HistoryLimits limits = serverLimits.within(policy.historyLimits);
    if (!epoch.equals(sinceEpoch) || since < 0 || since > seq) {
      return false;
    }
    if (since == seq) {
      return true;
    }
    if (!policy.history || seq - since > maxReplay) {
      return false;
    }
    return history.holdsAllAfter(since, limits, now);
  }

  private List<String> allReceivingNodes(String senderNode) {
    List<String> out = new ArrayList<>(nodes.size());
    boolean echo = policy.echo;
    nodes.forEach((node, track) -> {
      if (echo || !node.equals(senderNode) || track.members > 1) {
        out.add(node);
      }
    });
    return out;
  }

  private List<String> nodesOf(List<String> to, String sender) {
    List<String> out = new ArrayList<>(2);
    if (policy.echo && sender != null) {
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

  private void remember(String key, String envelopeId, RoomReply reply, DedupeWindow window, long now) {
    if (window.size() == 0) {
      return;
    }
    recent.put(key, new Recent(reply, now, envelopeId));
    Iterator<Recent> oldest = recent.values().iterator();
    while (oldest.hasNext()) {
      Recent r = oldest.next();
      if (recent.size() > window.size() || now - r.at > window.millis()) {
        oldest.remove();
      } else {
        break;
      }
    }
  }

  /** How many replies the room remembers for dedupe (for tests and sizing). */
  int remembered() {
    return recent.size();
  }
}
