package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

/** {@code leave}: the room's sequencer drops the member (and the room, if it was the last). */
final class LeaveHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    if (f.room().equals(session.confinement().heldBy())) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "room '" + f.room()
          + "' holds this socket until the server moves it"));
    }
    return session.node().bus().request(Addresses.ROOMS_LEAVE, session.command(f.room(), null).toJson())
        .map(reply -> {
          session.left(f.room());
          return ServerFrames.left(f.ref(), f.room());
        });
  }
}
