package io.porthouse.ingress.session.ops;

import io.porthouse.core.protocol.Op;
import io.porthouse.core.protocol.ServerFrames;
import io.vertx.core.Future;

import java.util.EnumMap;
import java.util.Map;

/** The handler of each op of protocol v1. */
public final class Ops {

  private final Map<Op, OpHandler> handlers = new EnumMap<>(Op.class);

  public Ops() {
    handlers.put(Op.AUTH, new AuthHandler());
    handlers.put(Op.CREATE, new CreateHandler());
    handlers.put(Op.JOIN, new JoinHandler());
    handlers.put(Op.LEAVE, new LeaveHandler());
    handlers.put(Op.SEND, new SendHandler());
    handlers.put(Op.ROOMS, new RoomsHandler());
    handlers.put(Op.PING, (session, f) -> Future.succeededFuture(ServerFrames.pong(f.ref())));
  }

  public OpHandler handler(Op op) {
    return handlers.get(op);
  }

  /** What an op costs of the socket's rate budget: {@code rooms} scans every room, the rest cost 1. */
  public static int cost(Op op) {
    return op == Op.ROOMS ? RoomsHandler.COST : 1;
  }

  /**
   * Ops that change what later frames mean (identity, membership) run alone: after every earlier
   * frame finished and before any later one starts. Others (send, rooms, ping) run concurrently.
   */
  public static boolean isBarrier(Op op) {
    return op == Op.AUTH || op == Op.CREATE || op == Op.JOIN || op == Op.LEAVE;
  }
}
