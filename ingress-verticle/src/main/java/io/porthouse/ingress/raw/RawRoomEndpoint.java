package io.porthouse.ingress.raw;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.ConnectionGate;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.ws.WebSocketEndpoint;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /ws/rooms/{room}}: a socket that is in one room from its first byte. The token comes
 * as for {@code /ws}; the room is joined before the upgrade, so a room that does not exist is
 * HTTP 404, a refused join 403 (401 without a token), a bad name 400, and an accepted socket never
 * sees a protocol frame ({@link RawSocket}).
 */
public final class RawRoomEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(RawRoomEndpoint.class);

  private final NodeContext node;

  public RawRoomEndpoint(NodeContext node) {
    this.node = node;
  }

  /** {@code room}: the path segment, already URL-decoded. */
  public void handle(HttpServerRequest request, String room) {
    try {
      RoomNames.check(room);
    } catch (PorthouseException e) {
      request.response().setStatusCode(400).end(e.getMessage());
      return;
    }
    String token = Authenticator.token(request.headers(), request.query());
    if (token == null && !node.auth().admitsWithoutToken(node.settings().allowAnonymous())) {
      request.response().setStatusCode(401).end();
      return;
    }
    request.pause(); // nothing may be read before the upgrade
    // a raw socket is in its one room: rooms the connect hook names are not joined, and it is not renewed (no frames to tell it)
    node.auth().identify(token, "raw", request.remoteAddress(), request.headers()).onComplete(verified -> {
      if (verified.failed()) {
        WebSocketEndpoint.refuse(request, verified.cause());
        return;
      }
      if (WebSocketEndpoint.refusedClient(request, node, verified.result().identity())) {
        return;
      }
      RawSocket socket = new RawSocket(node, verified.result().identity(), room, ConnectionGate.addressKey(request.remoteAddress()));
      node.hub().joining(room, socket);
      node.bus().<JsonObject>request(Addresses.ROOMS_JOIN, JoinRequest.of(socket.command(room, null)).toJson()).onComplete(joined -> {
        if (joined.failed()) {
          node.hub().joinFailed(room, socket);
          PorthouseException e = BusErrors.toPorthouse(joined.cause());
          request.response().setStatusCode(e.code().httpStatus()).end(e.getMessage());
          return;
        }
        JoinAnswer r = JoinAnswer.fromJson(joined.result().body());
        request.toWebSocket().onComplete(upgraded -> {
          if (upgraded.failed()) {
            LOG.debug("raw upgrade not completed: {}", upgraded.cause().toString());
            node.hub().left(room, socket);
            node.bus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(socket.id(), null, room).toJson());
            return;
          }
          socket.start(upgraded.result());
          socket.joined(room, r.seq(), r.epoch(), r.nodeBase());
          node.hub().echo(room, r.echo());
        });
      });
    });
  }
}
