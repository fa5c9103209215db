package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;

/** {@code create} (and {@code NEW ROOM name}): the room's sequencer checks the role and the rules. */
final class CreateHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    return session.node().bus().request(Addresses.ROOMS_CREATE, session.command(f.room(), f.rules()).toJson())
        .map(reply -> ServerFrames.created(f.ref(), f.room()));
  }
}
