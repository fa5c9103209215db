package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * {@code join}: the room's owner adds the member and answers the room's last seq and epoch. The
 * hub holds what arrives for the room meanwhile, so the socket gets exactly the messages after
 * {@code seq}, whichever JVM sequenced them and whatever order they arrive in.
 */
final class JoinHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    int max = session.node().settings().maxRoomsPerSocket();
    if (!session.rooms().contains(f.room()) && session.rooms().size() >= max) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN,
          "a socket may be in at most " + max + " rooms; leave one first"));
    }
    session.joining(f.room());
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_JOIN, session.command(f.room(), null).toJson())
        .map(reply -> {
          JsonObject r = reply.body();
          if (!session.joined(f.room(), r.getLong("seq"), r.getString("epoch"), r.getLong("nodeBase"))) {
            // closed while the join was in flight: undo it at the owner
            session.node().bus().send(Addresses.ROOMS_DISCONNECT,
                new JsonObject().put("socket", session.id()).put("rooms", new JsonArray().add(f.room())));
            return null;
          }
          return ServerFrames.joined(f.ref(), f.room(), r.getLong("seq"), r.getString("epoch"));
        })
        .onFailure(e -> session.joinFailed(f.room()));
  }
}
