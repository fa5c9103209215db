package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.RoomAnswer;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code rules}: without {@code rules}, the room's effective rules (for members and its creator);
 * with {@code rules}, changes by its creator or role owner (a key set to {@code null} goes back to its default).
 * Members are told of a change with a {@code rules} frame.
 */
final class RulesHandler implements OpHandler {

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    JsonObject ask = session.command(f.room(), f.rules()).toJson();
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_RULES, ask)
        .map(reply -> ServerFrames.rules(f.ref(), f.room(), RoomAnswer.Rules.fromJson(reply.body()).rules()));
  }
}
