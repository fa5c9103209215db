package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.SocketMove;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.hub.LocalHub;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Server-side moves of this node's sockets ({@link Addresses#socketMove}): how a plugin verticle
 * (a lobby, a login gate, a matchmaker) releases a socket from the exclusive room that holds it
 * and puts it in another room, or back in the lobby. The socket leaves the room that holds it
 * (or, if none does, every room), then joins {@code to} as if it had asked, under its own
 * identity and that room's rules; it is told {@code moved}. Moves are for cluster members: the
 * event bus is the trust boundary.
 */
final class SocketMoves {

  private final NodeContext node;
  private final Ops ops;
  private MessageConsumer<JsonObject> consumer;

  SocketMoves(NodeContext node, Ops ops) {
    this.node = node;
    this.ops = ops;
  }

  Future<Void> start() {
    consumer = node.bus().consumer(Addresses.ingressMove(node.nodeId()), this::move);
    return consumer.completion();
  }

  private void move(Message<JsonObject> msg) {
    SocketMove move = SocketMove.fromJson(msg.body());
    LocalHub.Member m = node.hub().socket(move.socket());
    if (!(m instanceof Session session)) {
      BusErrors.fail(msg, PorthouseException.of(ErrorCode.NOT_FOUND, "no socket '" + move.socket() + "' here"));
      return;
    }
    String to = move.to();
    try {
      if (to != null) {
        RoomNames.check(to);
      }
    } catch (PorthouseException e) {
      BusErrors.fail(msg, e);
      return;
    }
    String from = session.confinement().heldBy();
    List<String> leaving = from != null ? List.of(from) : List.copyOf(session.rooms());
    session.leaveRooms(leaving); // leaving also releases the hold
    session.control(ServerFrames.moved(from, to));
    if (to == null) {
      msg.reply(new JsonObject().putNull("room"));
      return;
    }
    ops.run(session, ClientFrame.of(Op.JOIN, "moved", to, null)).onSuccess(joined -> {
      session.control(joined);
      msg.reply(new JsonObject(joined));
    }).onFailure(e -> {
      PorthouseException error = BusErrors.toPorthouse(e);
      session.control(ServerFrames.error("moved", error.code(), error.getMessage()));
      BusErrors.fail(msg, error);
    });
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
