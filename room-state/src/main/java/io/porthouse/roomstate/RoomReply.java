package io.porthouse.roomstate;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.cluster.HazelcastConfigs;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import java.util.List;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;

/**
 * What one room operation answered: a refusal (an error code and a message safe for clients), or
 * the room's seq and epoch, and for a sequenced message its deliveries: one per node, each with
 * the seq of the previous delivery to that node. Immutable once made (the fields are set only by
 * the constructor and by Hazelcast reading it from the wire). It is also kept in a room's dedupe
 * memory ({@link RoomState}), hence {@code Serializable} for partition migration.
 */
public final class RoomReply implements IdentifiedDataSerializable, Serializable {

  /** How a refusal for a missing room begins. */
  static final String NO_ROOM = "no room '";

  @Serial
  private static final long serialVersionUID = 1L;
  public static final long NO_BASE = -1;
  private static final String[] NO_NODES = new String[0];
  private static final long[] NO_PREVS = new long[0];
  private static final StoredMessage[] NO_MESSAGES = new StoredMessage[0];

  private ErrorCode error;
  private String message;
  private long seq;
  private String epoch;
  private long nodeBase;
  /**
   * After a join that added a socket to a node already in the room: the last seq sent to that node.
   * What was sequenced after it up to the join's seq was not (the node then held only its sender).
   */
  private long nodeLast = NO_BASE;
  private String[] nodes;
  private long[] prevs;
  private boolean repeated;
  private StoredMessage[] replay = NO_MESSAGES;
  private boolean recovered;
  private boolean presence;
  /** A sequenced message's kind as the room's format delivers it, if not the kind it came as. */
  private EnvelopeKind kind;
  /** After a join: whether the room's senders get their own messages (rule {@code echo}). */
  private boolean echo;
  /** After a rules read or change: the room's effective rules (JSON text; a password as its hash). */
  private String rules;
  /** After a join: whether the room holds its members alone (rule {@code exclusive}). */
  private boolean exclusive;
  /** A sequenced message of a room with a keeper: the keeper's name (deliver to it alone). */
  private String keeper;

  /** For Hazelcast, which fills it from the wire. */
  RoomReply() {
  }

  private RoomReply(ErrorCode error, String message, long seq, String epoch, long nodeBase, String[] nodes,
                    long[] prevs, boolean repeated) {
    this.error = error;
    this.message = message;
    this.seq = seq;
    this.epoch = epoch;
    this.nodeBase = nodeBase;
    this.nodes = nodes;
    this.prevs = prevs;
    this.repeated = repeated;
  }

  static RoomReply refused(ErrorCode code, String message) {
    return new RoomReply(code, message, -1, null, NO_BASE, NO_NODES, NO_PREVS, false);
  }

  static RoomReply noRoom(String room) {
    return refused(ErrorCode.NOT_FOUND, NO_ROOM + room + "'");
  }

  /**
   * This reply as given while the cluster may still be merging: a room missing now may be on its
   * way from the other side, so "no room" is answered {@code unavailable} (nothing was done; try
   * again) rather than {@code not_found}. Any other reply is kept.
   */
  public RoomReply whileMerging() {
    return error == ErrorCode.NOT_FOUND && message.startsWith(NO_ROOM) ? refused(ErrorCode.UNAVAILABLE, mergingMessage(message)) : this;
  }

  static String mergingMessage(String noRoom) {
    return "rooms unavailable: " + noRoom + " just after a cluster merge; it may still be on its way; try again";
  }

  static RoomReply ok(long seq, String epoch) {
    return new RoomReply(null, null, seq, epoch, NO_BASE, NO_NODES, NO_PREVS, false);
  }

  static RoomReply joined(long seq, String epoch, long nodeBase) {
    return new RoomReply(null, null, seq, epoch, nodeBase, NO_NODES, NO_PREVS, false);
  }

  static RoomReply sequenced(long seq, String epoch, String[] nodes, long[] prevs) {
    return new RoomReply(null, null, seq, epoch, NO_BASE, nodes, prevs, false);
  }

  private RoomReply copy() {
    RoomReply r = new RoomReply(error, message, seq, epoch, nodeBase, nodes, prevs, repeated);
    r.replay = replay;
    r.recovered = recovered;
    r.presence = presence;
    r.kind = kind;
    r.echo = echo;
    r.rules = rules;
    r.exclusive = exclusive;
    r.keeper = keeper;
    r.nodeLast = nodeLast;
    return r;
  }

  RoomReply withNodeLast(long last) {
    RoomReply r = copy();
    r.nodeLast = last;
    return r;
  }

  RoomReply asRepeat() {
    RoomReply r = copy();
    r.repeated = true;
    return r;
  }

  /** The reply to a sender's retry of a message already sequenced: its seq again, with nothing to deliver. */
  RoomReply asResend() {
    RoomReply r = asRepeat();
    r.nodes = NO_NODES;
    r.prevs = NO_PREVS;
    r.keeper = null;
    return r;
  }

  /** This reply with stored messages: a resume's replay ({@code recovered} says whether it is complete) or a history read. */
  RoomReply withReplay(List<StoredMessage> messages, boolean complete) {
    RoomReply r = copy();
    r.replay = messages.toArray(NO_MESSAGES);
    r.recovered = complete;
    return r;
  }

  /** This reply, noting that the room has presence on and naming the nodes holding members (to tell them of a join or leave). */
  RoomReply withPresence(String[] memberNodes) {
    RoomReply r = copy();
    r.nodes = memberNodes;
    r.presence = true;
    return r;
  }

  /** This sequenced message's reply, delivered as {@code deliveredAs} (the room's format converted it). */
  RoomReply withKind(EnvelopeKind deliveredAs) {
    RoomReply r = copy();
    r.kind = deliveredAs;
    return r;
  }

  /** This join's reply, saying whether senders get their own messages. */
  RoomReply withEcho(boolean senderGetsOwn) {
    RoomReply r = copy();
    r.echo = senderGetsOwn;
    return r;
  }

  /** This join's reply, saying whether the room holds its members alone. */
  RoomReply withExclusive(boolean holdsAlone) {
    RoomReply r = copy();
    r.exclusive = holdsAlone;
    return r;
  }

  /** This sequenced message's reply, for the room's keeper alone. */
  RoomReply withKeeper(String keeperName) {
    RoomReply r = copy();
    r.keeper = keeperName;
    return r;
  }

  /** After a join: whether the room holds its members alone (rule {@code exclusive}). */
  public boolean exclusive() {
    return exclusive;
  }

  /** A sequenced message of a room with rule {@code keeper}: the keeper to deliver it to, or {@code null}. */
  public String keeper() {
    return keeper;
  }

  /** This reply with the room's effective rules. */
  RoomReply withRules(String effectiveRules) {
    RoomReply r = copy();
    r.rules = effectiveRules;
    return r;
  }

  /** The kind the room's format delivers a sequenced message as, or {@code null}: as it came. */
  public EnvelopeKind kind() {
    return kind;
  }

  /** After a join: whether senders get their own messages (rule {@code echo}). */
  public boolean echo() {
    return echo;
  }

  /** After a rules read or change: the room's effective rules as JSON text. */
  public String rules() {
    return rules;
  }

  /** Stored messages this reply carries (a resume's replay, a history read), oldest first. */
  public StoredMessage[] replay() {
    return replay;
  }

  /** After a resume: whether {@link #replay()} holds every message the socket missed. */
  public boolean recovered() {
    return recovered;
  }

  /** Whether the room has presence on (then {@link #nodes()} of a join or leave are the nodes to tell). */
  public boolean presence() {
    return presence;
  }

  /** The refusal's code, or {@code null} on success. */
  public ErrorCode error() {
    return error;
  }

  /** The refusal's message. */
  public String message() {
    return message;
  }

  /** The room's seq (after a join: the last seq; after a send: the message's seq). */
  public long seq() {
    return seq;
  }

  public String epoch() {
    return epoch;
  }

  /** After a join that added the socket's node to the room: the seq its stream starts after; else {@link #NO_BASE}. */
  public long nodeBase() {
    return nodeBase;
  }

  /** After a join that added the socket to a node already in the room: the last seq sent to that node; else {@link #NO_BASE}. */
  public long nodeLast() {
    return nodeLast;
  }

  /** Receiving nodes of a sequenced message. */
  public String[] nodes() {
    return nodes;
  }

  /** For each receiving node, the seq of the previous delivery to it. */
  public long[] prevs() {
    return prevs;
  }

  /** True when this is the remembered reply to an envelope id seen before, or a join of a socket that was a member already. */
  public boolean repeated() {
    return repeated;
  }

  public boolean refused() {
    return error != null;
  }

  /** This reply, or its refusal as the exception the ingress turns into an error frame. */
  public RoomReply orThrow() {
    if (error != null) {
      throw refusal();
    }
    return this;
  }

  /** The refusal as the exception the ingress turns into an error frame. */
  public PorthouseException refusal() {
    return PorthouseException.of(error, message);
  }

  @Override
  public int getFactoryId() {
    return HazelcastConfigs.ROOMS_SERIALIZATION_FACTORY;
  }

  @Override
  public int getClassId() {
    return RoomSerialization.REPLY;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeInt(error == null ? -1 : error.ordinal());
    out.writeString(message);
    out.writeLong(seq);
    out.writeString(epoch);
    out.writeLong(nodeBase);
    out.writeStringArray(nodes);
    out.writeLongArray(prevs);
    out.writeBoolean(repeated);
    out.writeInt(replay.length);
    for (StoredMessage m : replay) {
      m.writeTo(out);
    }
    out.writeBoolean(recovered);
    out.writeBoolean(presence);
    out.writeByte(kind == null ? -1 : kind.ordinal());
    out.writeBoolean(echo);
    out.writeString(rules);
    out.writeBoolean(exclusive);
    out.writeString(keeper);
    out.writeLong(nodeLast);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    int code = in.readInt();
    error = code < 0 ? null : ErrorCode.values()[code];
    message = in.readString();
    seq = in.readLong();
    epoch = in.readString();
    nodeBase = in.readLong();
    nodes = in.readStringArray();
    prevs = in.readLongArray();
    repeated = in.readBoolean();
    replay = new StoredMessage[in.readInt()];
    for (int i = 0; i < replay.length; i++) {
      replay[i] = StoredMessage.readFrom(in);
    }
    recovered = in.readBoolean();
    presence = in.readBoolean();
    byte k = in.readByte();
    kind = k < 0 ? null : EnvelopeKind.values()[k];
    echo = in.readBoolean();
    rules = in.readString();
    exclusive = in.readBoolean();
    keeper = in.readString();
    nodeLast = in.readLong();
  }

  @Override
  public String toString() {
    return refused() ? "RoomReply[" + error + ": " + message + "]" : "RoomReply[seq=" + seq + ", epoch=" + epoch + "]";
  }
}
