package io.porthouse.ingress.ws.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.ws.WebSocketSession;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** {@code rooms}: the list of rooms with their type and member count. */
final class RoomsHandler implements OpHandler {

  @Override
  public Future<String> handle(WebSocketSession session, ClientFrame f) {
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_LIST, new JsonObject())
        .map(reply -> ServerFrames.rooms(f.ref(), reply.body().getJsonArray("rooms")));
  }
}
