package io.porthouse.roomstate;

import io.porthouse.core.bus.StoredMessage;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;

import java.io.Serializable;
import java.util.List;

/**
 * What one room operation answered: a refusal, or what the operation did. One record per answer;
 * a refusal is a value ({@link Refused}), never an exception, so an operation stays deterministic
 * on the sequencer and its backups. Between JVMs each record writes its own fields
 * ({@link RoomReplySerializer}); a {@link Sequenced} is also kept in a room's dedupe memory
 * ({@link RecentReplies}), hence {@code Serializable} for partition migration.
 */
public sealed interface RoomReply extends Serializable {

  /** No seq: a join that added no new node, a join that held its node already. */
  long NO_BASE = -1;

  /** Whether this is a refusal. */
  default boolean refused() {
    return false;
  }

  /**
   * This reply as given while the cluster may still be merging: a room missing now may be on its
   * way from the other side, so "no room" is answered {@code unavailable} (nothing was done; try
   * again) rather than {@code not_found}. Any other reply is kept.
   */
  default RoomReply whileMerging() {
    return this;
  }

  /** This reply as the {@code expected} kind, or its refusal thrown as the exception the ingress turns into an error frame. */
  default <T extends RoomReply> T orThrow(Class<T> expected) {
    return expected.cast(this);
  }

  /** Refused: nothing was done. {@code message} is safe to show the client. */
  record Refused(ErrorCode code, String message) implements RoomReply {

    /** How a refusal for a missing room begins. */
    static final String NO_ROOM = "no room '";

    static Refused noRoom(String room) {
      return new Refused(ErrorCode.NOT_FOUND, NO_ROOM + room + "'");
    }

    static String mergingMessage(String noRoom) {
      return "rooms unavailable: " + noRoom + " just after a cluster merge; it may still be on its way; try again";
    }

    static boolean isNoRoom(ErrorCode code, String message) {
      return code == ErrorCode.NOT_FOUND && message.startsWith(NO_ROOM);
    }

    @Override
    public boolean refused() {
      return true;
    }

    @Override
    public Refused whileMerging() {
      return isNoRoom(code, message) ? new Refused(ErrorCode.UNAVAILABLE, mergingMessage(message)) : this;
    }

    @Override
    public <T extends RoomReply> T orThrow(Class<T> expected) {
      throw refusal();
    }

    /** The refusal as the exception the ingress turns into an error frame. */
    public PorthouseException refusal() {
      return PorthouseException.of(code, message);
    }
  }

  /**
   * Done (a room made, restored, or checked before a join): the room's seq and epoch; {@code again}
   * when the room was there already, made by this very call or restored before.
   */
  record Done(long seq, String epoch, boolean again) implements RoomReply {
  }

  /**
   * A member added. {@code nodeBase}: when the socket's node is new in the room, the seq its stream
   * starts after, else {@link #NO_BASE}. {@code nodeLast}: when the node was in the room already
   * (it may have held the socket all along, dropped in a split), the last seq sent to it; what was
   * sequenced after it up to {@code seq} was not sent there. {@code again}: the socket was a member
   * already. {@code echo}, {@code exclusive}: the room's rules of those names. {@code replay}: a
   * resume's missed messages, oldest first ({@code recovered}: all of them). {@code tell}: with
   * presence on, the nodes holding members (to tell them of the join), else empty.
   */
  record Joined(long seq, String epoch, long nodeBase, long nodeLast, boolean again, boolean echo, boolean exclusive,
                StoredMessage[] replay, boolean recovered, String[] tell) implements RoomReply {

    Joined withReplay(List<StoredMessage> missed, boolean complete) {
      return new Joined(seq, epoch, nodeBase, nodeLast, again, echo, exclusive, missed.toArray(new StoredMessage[0]), complete, tell);
    }
  }

  /** A member removed. {@code tell}: with presence on, the nodes holding members (to tell them), else empty. */
  record Left(long seq, String epoch, String[] tell) implements RoomReply {
  }

  /**
   * A message sequenced: its seq, and one delivery per receiving node ({@code nodes}), each with
   * the seq of the previous delivery to that node ({@code prevs}). {@code deliveredAs}: the kind
   * the room's format delivers it as, or {@code null}: as it came. {@code keeper}: with rule
   * {@code keeper}, the keeper to deliver it to alone (then no nodes). {@code again}: the answer
   * remembered for this message (its dedupe key) seen before.
   */
  record Sequenced(long seq, String epoch, String[] nodes, long[] prevs, EnvelopeKind deliveredAs, String keeper,
                   boolean again) implements RoomReply {

    /** The same answer again: the same envelope resent inside the cluster (deliveries included, the first ones may be lost). */
    Sequenced repeated() {
      return new Sequenced(seq, epoch, nodes, prevs, deliveredAs, keeper, true);
    }

    /** The answer to a sender's retry of a message already sequenced: its seq again, with nothing to deliver. */
    Sequenced resent() {
      return new Sequenced(seq, epoch, new String[0], new long[0], deliveredAs, null, true);
    }
  }

  /**
   * A room's rules read, checked against or changed: its effective rules (JSON text, a password as
   * its hash). {@code tell}: after a change, the nodes holding members (to tell them), else empty.
   */
  record Rules(long seq, String epoch, String rules, String[] tell) implements RoomReply {
  }

  /** A room deleted: how many members it had, its rules (to delete a persistent one's row) and the nodes to tell. */
  record Deleted(int members, String epoch, String rules, String[] tell) implements RoomReply {
  }

  /** Stored messages read from a room's history, oldest first; {@code complete}: all that were asked for. */
  record History(long seq, String epoch, StoredMessage[] messages, boolean complete) implements RoomReply {
  }
}
