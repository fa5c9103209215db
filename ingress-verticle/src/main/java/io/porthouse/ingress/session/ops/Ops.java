package io.porthouse.ingress.session.ops;

import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

import java.util.EnumMap;
import java.util.Map;

/** The handler of each op of protocol v1, and which ops a frame may run where. */
public final class Ops {

  private final Map<Op, OpHandler> handlers = new EnumMap<>(Op.class);

  public Ops() {
    handlers.put(Op.HELLO, (session, f) -> Future.succeededFuture(ServerFrames.hello(f.ref(), session.id(),
        session.client(), session.node().nodeId(), session.transport().pushAddress())));
    handlers.put(Op.AUTH, new AuthHandler());
    handlers.put(Op.CREATE, new CreateHandler());
    handlers.put(Op.JOIN, new JoinHandler());
    handlers.put(Op.LEAVE, new LeaveHandler());
    handlers.put(Op.SEND, new SendHandler());
    handlers.put(Op.ROOMS, new RoomsHandler());
    handlers.put(Op.PING, (session, f) -> Future.succeededFuture(ServerFrames.pong(f.ref())));
    handlers.put(Op.ATTACH, new AttachHandler());
    handlers.put(Op.HISTORY, new HistoryHandler());
    handlers.put(Op.MEMBERS, new MembersHandler());
    handlers.put(Op.RULES, new RulesHandler());
    handlers.put(Op.RPC, new RpcHandler());
  }

  /**
   * Runs {@code frame} for {@code session}: on the session itself, or, when it names another
   * socket ({@code socket}), on that primary for its control companion (the primary's node runs
   * it and the answer comes back here).
   */
  public Future<String> run(Session session, ClientFrame frame) {
    if (session.identity() == null && !session.node().settings().allowAnonymous() && !openToAnonymous(frame.op())) {
      // connections that start without a token (TCP, the bridge) must authenticate first when anonymous sockets are off
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "authenticate first (op 'auth')"));
    }
    String target = frame.socket();
    if (target == null || frame.op() == Op.ATTACH || target.equals(session.id())) {
      try {
        return handlers.get(frame.op()).handle(session, frame);
      } catch (PorthouseException refused) { // a handler's check before it asks anything
        return Future.failedFuture(refused);
      }
    }
    if (!target.equals(session.controlledPrimary())) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
          "ops for socket '" + target + "' need a control channel attached to it"));
    }
    if (frame.op() == Op.AUTH || frame.op() == Op.HELLO) {
      return Future.failedFuture(PorthouseException.badRequest("op '" + frame.op().wireName()
          + "' cannot be run for another socket"));
    }
    return session.node().companionLink().runOnPrimary(session.id(), target, frame);
  }

  private static boolean openToAnonymous(Op op) {
    return op == Op.HELLO || op == Op.AUTH || op == Op.PING;
  }

  /** What an op costs of the socket's rate budget: {@code rooms} scans every room (10), {@code history}, {@code members} and {@code rules} read a room's state (5), the rest cost 1. */
  public static int cost(Op op) {
    return op == Op.ROOMS ? RoomsHandler.COST : op == Op.HISTORY || op == Op.MEMBERS || op == Op.RULES ? 5 : 1;
  }

  /**
   * Ops that change what later frames mean (identity, membership, companionship), and
   * {@code history}, run alone: after every earlier frame finished and before any later one
   * starts. Others (hello, send, rooms, ping) run concurrently.
   */
  public static boolean isBarrier(Op op) {
    // history too: its answer may be as large as a room's history (history.maxBytes), so a socket
    // has at most one being built and written at a time, whatever it sends
    return op == Op.AUTH || op == Op.CREATE || op == Op.JOIN || op == Op.LEAVE || op == Op.ATTACH || op == Op.HISTORY;
  }
}
