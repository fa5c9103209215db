package io.porthouse.rooms.state;

import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;

import java.io.Serial;
import java.io.Serializable;

/**
 * What one room operation answered: a refusal (an error code and a message safe for clients), or
 * the room's seq and epoch, and for a sequenced message its deliveries: one per node, each with
 * the seq of the previous delivery to that node.
 *
 * @param error    the refusal's code, or {@code null} on success
 * @param message  the refusal's message
 * @param seq      the room's seq (after a join: the last seq; after a send: the message's seq)
 * @param epoch    the room's epoch
 * @param nodeBase after a join that added the socket's node to the room: the seq its delivery
 *                 stream starts after; otherwise {@link #NO_BASE}
 * @param nodes    receiving nodes of a sequenced message
 * @param prevs    for each receiving node, the seq of the previous delivery to it
 * @param repeated true when this is the remembered reply to an envelope id seen before
 */
public record RoomReply(ErrorCode error, String message, long seq, String epoch, long nodeBase, String[] nodes,
                        long[] prevs, boolean repeated) implements Serializable {

  @Serial
  private static final long serialVersionUID = 1L;
  public static final long NO_BASE = -1;
  private static final String[] NO_NODES = new String[0];
  private static final long[] NO_PREVS = new long[0];

  static RoomReply refused(ErrorCode code, String message) {
    return new RoomReply(code, message, -1, null, NO_BASE, NO_NODES, NO_PREVS, false);
  }

  static RoomReply noRoom(String room) {
    return refused(ErrorCode.NOT_FOUND, "no room '" + room + "'");
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

  RoomReply asRepeat() {
    return new RoomReply(error, message, seq, epoch, nodeBase, nodes, prevs, true);
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
}
