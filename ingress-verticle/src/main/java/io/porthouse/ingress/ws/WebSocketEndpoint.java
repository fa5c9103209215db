package io.porthouse.ingress.ws;

import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Endpoint;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code GET /ws} upgrade: finds a token ({@code ?token=} or {@code Authorization: Bearer}),
 * has it verified, refuses a bad one with HTTP 401 (and an anonymous one with 401 when anonymous
 * sockets are off), and starts a {@link Session} over a {@link WebSocketTransport} for each
 * accepted socket.
 */
public final class WebSocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);

  private final NodeContext node;
  private final Ops ops;

  public WebSocketEndpoint(NodeContext node, Ops ops) {
    this.node = node;
    this.ops = ops;
  }

  public void handle(HttpServerRequest request) {
    Endpoint endpoint = node.endpoints().ofHost(request.authority() == null ? request.getHeader("Host")
        : request.authority().host());
    handle(request, endpoint == null ? null : endpoint.owner());
  }

  /** An upgrade whose socket lives in {@code space} (an owner's rooms only), or in the whole server ({@code null}). */
  public void handle(HttpServerRequest request, String space) {
    String token = Authenticator.token(request.headers(), request.query());
    if (token == null && !node.auth().admitsWithoutToken(node.settings().allowAnonymous())) {
      request.response().setStatusCode(401).end();
      return;
    }
    request.pause(); // nothing may be read before the upgrade
    node.auth().identify(token, "ws", request.remoteAddress(), request.headers())
        .onFailure(e -> refuse(request, e))
        .compose(arrival -> refusedClient(request, node, arrival.identity()) ? Future.<Void>succeededFuture()
            : request.toWebSocket().onSuccess(ws -> {
              WebSocketTransport transport = new WebSocketTransport(ws, node.settings().writeQueueMaxBytes());
              Session session = new Session(transport, node, ops, arrival.identity());
              session.arrived(arrival);
              session.confinement().space(space);
              transport.start(session, node.settings().maxMessageBytes());
            }).<Void>mapEmpty())
        .onFailure(e -> LOG.debug("upgrade not completed: {}", e.toString()));
  }

  /** Answers 429 and true when {@code identity}'s client holds its limit of sockets on this node already. */
  public static boolean refusedClient(HttpServerRequest request, NodeContext node, Identity identity) {
    if (identity == null || !node.gate().clientFull(identity.client())) {
      return false;
    }
    request.response().setStatusCode(429).end(node.gate().clientRefusal(identity.client()));
    return true;
  }

  /** The HTTP status refusing a connection whose token could not be verified, or whom the backend refused. */
  public static int status(Throwable verifyFailure) {
    ErrorCode code = BusErrors.toPorthouse(verifyFailure).code();
    return code.serverSide() ? 503 : code.httpStatus();
  }

  /**
   * Refuses a connection that could not be identified, with its status and, for a refusal (not
   * a failure of ours), the reason as the body.
   */
  public static void refuse(HttpServerRequest request, Throwable failure) {
    PorthouseException e = BusErrors.toPorthouse(failure);
    request.response().setStatusCode(status(failure)).end(e.code().serverSide() && e.code() != ErrorCode.UNAVAILABLE
        ? "" : e.getMessage());
  }
}
