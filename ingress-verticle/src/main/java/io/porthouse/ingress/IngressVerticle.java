package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.ingress.hub.LocalHub;
import io.porthouse.ingress.ws.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The WebSocket ingress of one node: an HTTP server with the {@code /ws} endpoint and
 * {@code /health}, the node's {@link LocalHub}, its one clustered delivery consumer
 * ({@link Addresses#ingressDeliver}) and its heartbeat to the rooms owner.
 */
public final class IngressVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngressVerticle.class);

  private NodeContext node;
  private HttpServer server;
  private MessageConsumer<Envelope> deliveries;
  private NodeHeartbeat heartbeat;

  /** This node's id (set once started). */
  public String nodeId() {
    return node.nodeId();
  }

  /** The port the HTTP server listens on (set once started). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    IngressSettings settings = IngressSettings.from(config());
    LocalHub hub = new LocalHub(task -> context.runOnContext(v -> task.run()));
    node = new NodeContext(vertx.eventBus(), hub, settings);
    WebSocketEndpoint endpoint = new WebSocketEndpoint(node);
    deliveries = vertx.eventBus().consumer(Addresses.ingressDeliver(node.nodeId()), msg -> hub.deliver(msg.body()));
    heartbeat = new NodeHeartbeat(vertx, node);
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setMaxWebSocketFrameSize(settings.hardFrameLimit()).setMaxWebSocketMessageSize(settings.hardFrameLimit());
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(endpoint::handle)
        .requestHandler(this::http);
    return deliveries.completion()
        .compose(v -> server.listen())
        .onSuccess(s -> {
          heartbeat.start();
          LOG.info("ingress {}: WebSocket on ws://{}:{}{}", node.nodeId(), settings.host(), s.actualPort(), settings.path());
        });
  }

  @Override
  public Future<?> stop() {
    heartbeat.stop();
    vertx.eventBus().send(Addresses.ROOMS_NODE_LEAVE, new JsonObject().put("node", node.nodeId()));
    List<Future<Void>> closing = new ArrayList<>();
    for (LocalHub.Member m : node.hub().sockets()) {
      closing.add(m.shutdown());
    }
    return Future.join(closing).eventually(() -> deliveries.unregister()).eventually(() -> server.close());
  }

  private void http(HttpServerRequest req) {
    if ("/health".equals(req.path())) {
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", "ok").put("node", node.nodeId())
              .put("sockets", node.hub().socketCount())
              .put("envelopesIn", node.hub().envelopesIn()).put("framesOut", node.hub().framesOut()).encode());
    } else {
      req.response().setStatusCode(404).end();
    }
  }
}
