package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.NotJoined;
import io.vertx.core.json.JsonObject;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One room's state: the one room state machine of Porthouse, applied either in-process (embedded)
 * or by a Hazelcast entry processor on the room's sequencer (clustered; re-applied on each
 * backup with the same inputs, so every method is deterministic: times and epochs come in as
 * arguments). Single-threaded: the store entry holding it is touched by one thread at a time.
 *
 * <p>Its parts: the members and, per ingress node, the last delivery sent there
 * ({@link RoomMembers}), the replies to its most recent messages ({@link RecentReplies}: a retried
 * sequencing gets the same seq), its history ({@link RoomHistory}), each sender's allowance under
 * rule {@code rate} ({@link SendRate}), and who may enter ({@link RoomEntry}). This class holds the
 * room's identity, rules and seq, and the steps that use its parts together.
 */
public final class RoomState implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;

  private final String name;
  private final String epoch;
  /** The room's effective rules as JSON text (the password as its hash), and as applied. */
  private String rules;
  private RoomPolicy policy;
  private final String creator;
  private final String createdBy;
  private final long createdAt;
  private long seq;
  private long emptySince;
  private final RoomMembers members = new RoomMembers();
  /** The replies to the room's most recent messages, by key (the dedupe window). */
  private final RecentReplies recent = new RecentReplies();
  /** Each sender's allowance under rule {@code rate}. */
  private final SendRate rate = new SendRate();
  /** The room's recent messages (bounded by the {@link HistoryLimits} each send brings). */
  private final RoomHistory history = new RoomHistory();
  /** Webhook events not yet delivered (rule {@code webhooks}); {@code null} in a state written by a build without them. */
  private RoomOutbox outbox = new RoomOutbox();
  /** Who may enter, and the room's count of failed attempts to (kept with the room: cluster-wide). */
  private final RoomEntry entry;

  RoomState(String name, String epoch, String rules, String creator, String createdBy, long createdAt) {
    this.name = name;
    this.epoch = epoch;
    this.rules = rules;
    this.policy = new RoomPolicy(new JsonObject(rules));
    this.creator = creator;
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
      rate.clear();
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
  public String creator() {
    return creator;
  }

  public long createdAt() {
    return createdAt;
  }

  public long seq() {
    return seq;
  }

  public int size() {
    return members.size();
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
  RoomReply.Refused admit(String socket, String client, List<String> roles, String passwordProof, boolean otpChecked, String who,
                  long now) {
    if (members.contains(socket)) {
      return null; // a member already: a join again changes nothing
    }
    RoomReply.Refused refused = entry.admit(policy, client, roles, isCreator(client), passwordProof, otpChecked, who, now);
    return refused != null ? refused
        : policy.fits(name, members.size(), members.anonymous(), client == null);
  }

  /** Before a join's secret is checked: why {@code who} may not try now, or {@code null} with the attempt counted ({@link RoomEntry}). */
  RoomReply.Refused beginSecretCheck(String client, List<String> roles, String who, long now) {
    return entry.beginSecretCheck(policy, client, roles, isCreator(client), who, now);
  }

  /** The check {@link #beginSecretCheck} began ended: {@code wrong} counts a failure, else (no verdict) nothing. */
  void endSecretCheck(String who, boolean wrong, long now) {
    entry.endSecretCheck(who, wrong, now);
  }

  /** Whether joining needs a secret from this identity (a password or a one-time code it is not exempt from). */
  boolean needsSecretFrom(String client, List<String> roles) {
    return policy.needsSecret() && !isOwnerOrAdmin(client, roles);
  }

  /** Whether this identity is the room's creator or has role {@code owner} (server admins). */
  public boolean isOwnerOrAdmin(String client, List<String> roles) {
    return isCreator(client) || roles.contains("owner");
  }

  private boolean isCreator(String client) {
    return client != null && client.equals(creator);
  }

  /** The members (socket → client) after {@code afterSocket} (or from the start), at most {@code limit}, in join order. */
  public List<String[]> members(String afterSocket, int limit) {
    return members.page(afterSocket, limit);
  }

  public boolean isMember(String socket) {
    return members.contains(socket);
  }

  /** Ingress nodes holding at least one member. */
  public Set<String> nodes() {
    return members.nodes();
  }

  /** Whether this room was made by that very create call (its socket and the fresh epoch it chose). */
  boolean createdBy(String socket, String createEpoch) {
    return socket.equals(createdBy) && epoch.equals(createEpoch);
  }

  /**
   * Adds a member; the reply's {@code nodeBase} is the seq its node's deliveries start after, if the
   * node is new here, with the room's rules {@code echo} and {@code exclusive} and, with presence
   * on, the nodes to tell (no replay: a resume adds it).
   */
  RoomReply.Joined join(String socket, String node, String client, List<String> roles, String info, long now) {
    if (members.contains(socket)) {
      return joined(RoomReply.NO_BASE, RoomReply.NO_BASE, true); // a member already
    }
    if (members.isEmpty()) {
      tell(WebhookEvent.OCCUPIED, now);
    }
    tellMember(WebhookEvent.JOINED, socket, client, info, now);
    long nodeLast = members.add(socket, node, client, roles, info, seq);
    if (nodeLast == RoomMembers.NEW_NODE) {
      return joined(seq, RoomReply.NO_BASE, false);
    }
    // a socket its node may have held all along (this room dropped it in a split): what the node was not sent since lastSeq
    return joined(RoomReply.NO_BASE, nodeLast, false);
  }

  private RoomReply.Joined joined(long nodeBase, long nodeLast, boolean again) {
    return new RoomReply.Joined(seq, epoch, nodeBase, nodeLast, again, echo(), exclusive(), new StoredMessage[0], false,
        presence() ? nodes().toArray(new String[0]) : new String[0]);
  }

  /** Removes a member; false if it was not one. */
  boolean leave(String socket, long now) {
    String client = members.clientOf(socket);
    if (!members.remove(socket)) {
      return false;
    }
    rate.forget(socket);
    tellMember(WebhookEvent.LEFT, socket, client, null, now);
    if (members.isEmpty()) {
      emptied(now);
    }
    return true;
  }

  /** The last member went: the room is empty from now (and says so, rule {@code webhooks}). */
  private void emptied(long now) {
    emptySince = now;
    tell(WebhookEvent.VACATED, now);
  }

  /** A room event ({@code room.occupied}, {@code room.vacated}) for the application, if the room makes them. */
  private void tell(String type, long now) {
    if (policy.tells(type)) {
      outbox().add(WebhookEvent.of(name, epoch, outbox().nextNo(), type, now).encode());
    }
  }

  /** A member event ({@code member.joined}, {@code member.left}) for the application, if the room makes them. */
  private void tellMember(String type, String socket, String client, String info, long now) {
    if (policy.tells(type)) {
      outbox().add(WebhookEvent.member(name, epoch, outbox().nextNo(), type, now, socket, client, info));
    }
  }

  /** The room's undelivered webhook events. */
  RoomOutbox outbox() {
    if (outbox == null) { // a state from a build before webhooks (a rolling upgrade): none were made
      outbox = new RoomOutbox();
    }
    return outbox;
  }

  /** Webhook events wait and no deliverer holds them (it died, or none was asked yet). */
  public boolean webhooksOrphaned(long now) {
    return outbox().orphaned(now);
  }

  /** Removes every member held by one of {@code deadNodes} (or an extension ingress of theirs); answers them (socket, client). */
  List<String[]> dropNodes(Set<String> deadNodes, long now) {
    List<String[]> dropped = members.dropNodes(deadNodes);
    dropped.forEach(member -> rate.forget(member[0]));
    dropped.forEach(m -> tellMember(WebhookEvent.LEFT, m[0], m[1], null, now));
    if (!dropped.isEmpty() && members.isEmpty()) {
      emptied(now);
    }
    return dropped;
  }

  boolean emptyLongerThan(long ttlMillis, long now) {
    return members.isEmpty() && !policy.persistent && now - emptySince >= ttlMillis;
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
   * key again is the same message: the same envelope resent inside the cluster (its sequencer died
   * mid-call) is answered as before, deliveries included, since the first ones may have been lost
   * with the call; another envelope with the key (a client's retry with the same {@code id}) is
   * answered the first seq and delivered nothing (what was delivered was the first one).
   */
  /**
   * Why this sender may not send to the room, or {@code null}: a socket must be a member, a post
   * ({@code socket} {@code null}, as {@code client} with {@code postRoles}) must pass the access
   * rules a join would; then rule {@code send}, and {@code to} only where the room takes it.
   */
  RoomReply.Refused senderRefusal(String socket, String client, List<String> postRoles, boolean to) {
    List<String> roles = postRoles == null ? List.of() : postRoles;
    if (socket == null) {
      RoomReply.Refused refused = policy.admitPost(name, client, roles, isCreator(client));
      if (refused != null) {
        return refused;
      }
    } else {
      if (members.nodeOf(socket) == null) {
        return new RoomReply.Refused(ErrorCode.FORBIDDEN, NotJoined.message(name));
      }
      client = members.clientOf(socket);
      roles = members.rolesOf(socket);
    }
    if (!policy.maySend(client, roles, isCreator(client))) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + name + "' does not let you send (rule 'send')");
    }
    if (to && !policy.toAllowed()) {
      return new RoomReply.Refused(ErrorCode.FORBIDDEN, "room '" + name + "' does not take receiver lists ('to')");
    }
    return null;
  }

  RoomReply sequence(String envelopeId, String key, String socket, List<String> to, DedupeWindow window, long now,
                     StoredMessage kept, HistoryLimits limits, List<String> postRoles) {
    RoomReply.Sequenced again = recent.again(key, envelopeId);
    if (again != null) {
      return again;
    }
    RoomReply.Refused refused = senderRefusal(socket, kept == null ? null : kept.client(), postRoles, to != null);
    if (refused != null) {
      return refused;
    }
    // a post (no socket) needs no membership and reaches every member
    String senderNode = socket == null ? null : members.nodeOf(socket);
    String client = socket == null ? (kept == null ? null : kept.client()) : members.clientOf(socket);
    List<String> roles = socket == null ? (postRoles == null ? List.of() : postRoles) : members.rolesOf(socket);
    EnvelopeKind deliverAs = null;
    if (kept != null) {
      RoomReply.Refused tooBig = policy.checkSize(name, kept.payload().length);
      if (tooBig != null) {
        return tooBig;
      }
      deliverAs = policy.deliveredAs(kept.kind(), kept.payload());
      if (deliverAs == null) {
        return policy.formatRefused(name);
      }
    }
    // rule rate: per socket, and per client for posts (which have no socket)
    if (policy.rate > 0 && !rate.take(socket != null ? socket : "post:" + client, policy.rate, policy.burst, now)) {
      return new RoomReply.Refused(ErrorCode.RATE_LIMITED, "room '" + name + "' takes at most " + policy.rate
          + " messages per second from one " + (socket != null ? "socket" : "client"));
    }
    long next = ++seq;
    if (policy.keeper != null) { // for the keeper alone: no member delivery, nothing kept
      RoomReply.Sequenced forKeeper = new RoomReply.Sequenced(next, epoch, new String[0], new long[0], null, policy.keeper, false);
      recent.remember(key, envelopeId, forKeeper, window, now);
      return forKeeper;
    }
    List<String> targets = to == null ? members.receivingNodes(senderNode, policy.echo) : members.nodesOf(to, socket, policy.echo);
    String[] targetNodes = targets.toArray(new String[0]);
    RoomReply.Sequenced reply = new RoomReply.Sequenced(next, epoch, targetNodes, members.deliver(targetNodes, next),
        deliverAs != null && deliverAs != kept.kind() ? deliverAs : null, null, false);
    recent.remember(key, envelopeId, reply, window, now);
    HistoryLimits keep = limits.within(policy.historyLimits);
    if (kept != null && keep.size() > 0) {
      history.keep(next, deliverAs, now, kept, keep);
    }
    if (kept != null && policy.tells(WebhookEvent.PUBLISHED)) {
      outbox().add(WebhookEvent.published(name, epoch, outbox().nextNo(), now, next, socket, client,
          deliverAs != null ? deliverAs : kept.kind(), kept.payload()));
    }
    return reply;
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

  /** How many replies the room remembers for dedupe (for tests and sizing). */
  int remembered() {
    return recent.size();
  }
}
