package io.porthouse.ingress.ws;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The {@code GET /ws} upgrade: finds a token ({@code ?token=} or {@code Authorization: Bearer}),
 * has it verified, refuses a bad one with HTTP 401 (and an anonymous one with 401 when anonymous
 * sockets are off), and starts a {@link Session} over a {@link WebSocketTransport} for each
 * accepted socket.
 */
public final class WebSocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
  private static final String BEARER = "Bearer ";

  private final NodeContext node;
  private final Ops ops = new Ops();

  public WebSocketEndpoint(NodeContext node) {
    this.node = node;
  }

  public void handle(ServerWebSocketHandshake handshake) {
    if (!node.settings().path().equals(handshake.path())) {
      handshake.reject(404);
      return;
    }
    String token = token(handshake);
    if (token == null && !node.settings().allowAnonymous()) {
      handshake.reject(401);
      return;
    }
    identify(token)
        .onFailure(e -> handshake.reject(BusErrors.toPorthouse(e).code() == ErrorCode.UNAUTHORIZED ? 401 : 503))
        .compose(identity -> handshake.accept()
            .onSuccess(ws -> {
              WebSocketTransport transport = new WebSocketTransport(ws, node.settings().writeQueueMaxBytes());
              transport.start(new Session(transport, node, ops, identity), node.settings().maxMessageBytes());
            }))
        .onFailure(e -> LOG.debug("handshake not completed: {}", e.toString()));
  }

  private Future<Identity> identify(String token) {
    if (token == null) {
      return Future.succeededFuture(null);
    }
    return node.bus().<JsonObject>request(Addresses.AUTH_VERIFY, new JsonObject().put("token", token))
        .map(reply -> Identity.fromJson(reply.body()));
  }

  private static String token(ServerWebSocketHandshake handshake) {
    String header = handshake.headers().get(HttpHeaders.AUTHORIZATION);
    if (header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return header.substring(BEARER.length()).trim();
    }
    if (handshake.query() != null) {
      List<String> values = new QueryStringDecoder(handshake.query(), false).parameters().get("token");
      if (values != null && !values.isEmpty()) {
        return values.get(0);
      }
    }
    return null;
  }
}
