package io.porthouse.ingress.session.ops;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.RoomsList;
import io.porthouse.core.bus.RoomsPage;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.session.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@code rooms}: public rooms, the ones the client created, the ones the socket is in and the ones
 * whose access rules name its identity (roles, clients), sorted
 * by name, a page at a time ({@code after}: the last name of the previous page). It costs
 * {@link #COST} frames of the socket's rate budget, since it scans every room.
 */
final class RoomsHandler implements OpHandler {

  static final int COST = 10;

  @Override
  public Future<String> handle(Session session, ClientFrame f) {
    RoomsList ask = new RoomsList(session.command(null, null), List.copyOf(session.rooms()), f.after(), false);
    return session.node().bus().<JsonObject>request(Addresses.ROOMS_LIST, ask.toJson()).map(reply -> {
      RoomsPage page = RoomsPage.fromJson(reply.body());
      return ServerFrames.rooms(f.ref(), page.roomsJson(), page.more());
    });
  }
}
