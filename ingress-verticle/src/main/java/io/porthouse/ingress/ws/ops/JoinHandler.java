package io.porthouse.ingress.ws.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.ws.WebSocketSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code join}: the rooms owner adds the member and reports the room's last seq; the local hub
 * then starts delivering. The owner sends this reply before any delivery sequenced after the
 * join, on the same ordered path, so the socket gets every message after {@code seq}.
 */
final class JoinHandler implements OpHandler {

  @Override
  public Future<String> handle(WebSocketSession session, ClientFrame f) {
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_JOIN, session.command(f.room(), null).toJson())
        .map(reply -> {
          session.joined(f.room());
          return ServerFrames.joined(f.ref(), f.room(), reply.body().getLong("seq"));
        });
  }
}
