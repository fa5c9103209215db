package io.porthouse.ingress.session.ops;

import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

/**
 * {@code attach}: makes this socket a companion of another socket of the same client, on whatever
 * node that primary is; it then hears of the primary's errors, joins, leaves and close, and a
 * {@code control} companion may run ops on the primary's behalf.
 */
final class AttachHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    if (session.client() == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED,
          "authenticate before attaching: a companion must be the same client as its primary"));
    }
    if (f.socket().equals(session.id())) {
      return Future.failedFuture(PorthouseException.badRequest("a socket cannot attach to itself"));
    }
    return session.node().companionLink().attach(session, f.socket(), f.channel())
        .map(v -> ServerFrames.attached(f.ref(), f.socket(), f.channel()));
  }
}
