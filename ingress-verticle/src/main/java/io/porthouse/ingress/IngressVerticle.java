package io.porthouse.ingress;

import io.porthouse.core.Addresses;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.ingress.hub.LocalHub;
import io.porthouse.ingress.ws.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The WebSocket ingress of one node: an HTTP server with the {@code /ws} endpoint and
 * {@code /health}, the node's {@link LocalHub}, its one clustered delivery consumer
 * ({@link Addresses#ingressDeliver}), the server pings ({@link KeepAlive}), and the restatement of its sockets'
 * memberships when room state was lost ({@link MembershipRestater}).
 */
public final class IngressVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngressVerticle.class);
  private static final long GAP_CHECK_MILLIS = 250;
  private static final long NODE_LEAVE_TIMEOUT_MILLIS = 5000;

  private NodeContext node;
  private HttpServer server;
  private MessageConsumer<Envelope> deliveries;
  private MessageConsumer<JsonObject> lost;
  private final List<Long> timers = new ArrayList<>();

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
    // Clustered, the node id comes from the cluster node id: when the member leaves the
    // cluster, the rooms know which sockets went with it.
    String nodeId = vertx.isClustered() ? NodeIds.ofClusterNode(((VertxInternal) vertx).clusterManager().getNodeId())
        : NodeIds.random();
    node = new NodeContext(nodeId, vertx.eventBus(), hub, settings);
    WebSocketEndpoint endpoint = new WebSocketEndpoint(node);
    deliveries = vertx.eventBus().consumer(Addresses.ingressDeliver(node.nodeId()), msg -> hub.deliver(msg.body()));
    MembershipRestater restater = new MembershipRestater(node);
    lost = vertx.eventBus().consumer(Addresses.ROOMS_LOST, msg -> {
      String only = msg.body().getString("node");
      if (only == null || only.equals(node.nodeId())) {
        restater.restateAll();
      }
    });
    HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
        .setMaxWebSocketFrameSize(settings.hardFrameLimit()).setMaxWebSocketMessageSize(settings.hardFrameLimit())
        .setReadIdleTimeout(settings.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    server = vertx.createHttpServer(options)
        .webSocketHandshakeHandler(endpoint::handle)
        .requestHandler(this::http);
    return Future.all(deliveries.completion(), lost.completion())
        .compose(v -> server.listen())
        .onSuccess(s -> {
          timers.add(vertx.setPeriodic(NodeContext.KEEP_ALIVE_TICK_MILLIS, t -> node.keepAlive().tick(System.nanoTime())));
          timers.add(vertx.setPeriodic(GAP_CHECK_MILLIS, t -> hub.skipGaps(System.currentTimeMillis(), settings.gapWaitMillis())));
          LOG.info("ingress {}: WebSocket on ws://{}:{}{}", node.nodeId(), settings.host(), s.actualPort(), settings.path());
        });
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    // The node's sockets leave their rooms first (one sweep, not one call per socket), then close.
    Future<?> left = vertx.eventBus().request(Addresses.ROOMS_NODE_LEAVE, new JsonObject().put("node", node.nodeId()),
        new DeliveryOptions().setSendTimeout(NODE_LEAVE_TIMEOUT_MILLIS));
    return left.recover(e -> Future.succeededFuture()).compose(v -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (LocalHub.Member m : node.hub().sockets()) {
        closing.add(m.shutdown());
      }
      return Future.join(closing);
    }).eventually(() -> deliveries.unregister()).eventually(() -> lost.unregister()).eventually(() -> server.close());
  }

  private void http(HttpServerRequest req) {
    if ("/health".equals(req.path())) {
      LocalHub hub = node.hub();
      req.response().putHeader("content-type", "application/json")
          .end(new JsonObject().put("status", "ok").put("node", node.nodeId())
              .put("sockets", hub.socketCount())
              .put("envelopesIn", hub.envelopesIn()).put("framesOut", hub.framesOut())
              .put("gapsSkipped", hub.gapsSkipped()).encode());
    } else {
      req.response().setStatusCode(404).end();
    }
  }
}
