package io.porthouse.ingress;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleService;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.NodeLeave;
import io.porthouse.core.bus.Post;
import io.porthouse.core.bus.RoomsLost;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.hub.HistoryRepair;
import io.porthouse.hub.LocalHub;
import io.porthouse.ingress.post.Publisher;
import io.porthouse.ingress.session.ops.Ops;
import io.porthouse.ingress.sockjs.SockJsEndpoint;
import io.porthouse.ingress.tcp.TcpIngress;
import io.porthouse.ingress.udp.UdpIngress;
import io.porthouse.ingress.mqtt.MqttIngress;
import io.porthouse.ingress.sniff.SharedPort;
import io.porthouse.ingress.ws.WebSocketCompression;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.Http1xServerConnection;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.LinkedHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The ingress of one node: every way in, each a thin transport over the same protocol session
 * or the same single-shot publisher, and what they share: the node's {@link LocalHub}, its one
 * clustered delivery consumer ({@link Addresses#ingressDeliver}), its companion link, the server
 * pings ({@link KeepAlive}) and the restatement of its sockets' memberships when room state was
 * lost ({@link MembershipRestater}). On the HTTP port: {@code /ws} (protocol v1 over WebSocket),
 * {@code /ws/rooms/{room}} (raw room sockets), {@code /eventbus} (the SockJS event-bus bridge),
 * {@code POST /rooms/{room}/messages} and {@code /health}; on their own ports, if configured, TCP
 * and UDP.
 */
public final class IngressVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(IngressVerticle.class);
  private static final long GAP_CHECK_MILLIS = 250;
  private static final long NODE_LEAVE_TIMEOUT_MILLIS = 5000;

  private NodeContext node;
  private HttpServer server;
  private TcpIngress tcp;
  private UdpIngress udp;
  private MqttIngress mqtt;
  /** The HTTP port's recognition of every protocol ({@code http.sharedPort}), or {@code null}. */
  private SharedPort sharedPort;
  private SockJsEndpoint sockjs;
  private MessageConsumer<Envelope> deliveries;
  private MessageConsumer<JsonObject> statusAnswers;
  private MessageConsumer<JsonObject> lost;
  /** Removes the listener of this JVM's cluster merges ({@link #watchMerges}); nothing when not clustered. */
  private Runnable unwatchMerges = () -> { };
  private final List<Long> timers = new ArrayList<>();
  private SocketMoves moves;

  /** This node's id (set once started). */
  public String nodeId() {
    return node.nodeId();
  }

  /** The port the HTTP server listens on (set once started). */
  public int port() {
    return server.actualPort();
  }

  /** The TCP ingress's port, or -1 if it is off. */
  public int tcpPort() {
    return tcp == null ? -1 : tcp.port();
  }

  /** The UDP ingress's port, or -1 if it is off. */
  /** The MQTT port, or -1 when MQTT is off. */
  public int mqttPort() {
    return mqtt == null ? -1 : mqtt.port();
  }

  public int udpPort() {
    return udp == null ? -1 : udp.port();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    Post.ensureCodec(vertx);
    IngressSettings settings = IngressSettings.from(config());
    // Clustered, the node id comes from the cluster node id: when the member leaves the
    // cluster, the rooms know which sockets went with it.
    String nodeId = vertx.isClustered() ? NodeIds.ofClusterNode(((VertxInternal) vertx).clusterManager().getNodeId())
        : NodeIds.random();
    LocalHub hub = new LocalHub(task -> context.runOnContext(v -> task.run()), new HistoryRepair(vertx.eventBus(), nodeId));
    node = new NodeContext(nodeId, vertx, hub, settings, BackendHooks.Settings.from(config()));
    Ops ops = new Ops();
    Publisher publisher = new Publisher(node);
    // made before the HTTP server listens: the shared port may hand it TCP and MQTT connections at once
    tcp = new TcpIngress(node, ops);
    mqtt = new MqttIngress(node, ops, publisher, MqttIngress.Settings.from(config()));
    JsonObject http = config().getJsonObject("http");
    sharedPort = http.getBoolean("sharedPort") ? new SharedPort(tcp, settings.tcpKeepAliveSeconds(), mqtt,
        SharedPort.tlsOf(http.getString("tlsCertFile"), http.getString("tlsKeyFile"))) : null;
    deliveries = vertx.eventBus().consumer(Addresses.ingressDeliver(node.nodeId()), msg -> hub.deliver(msg.body()));
    statusAnswers = vertx.eventBus().consumer(Addresses.ingressStatus(node.nodeId()), msg -> msg.reply(status()));
    MembershipRestater restater = node.restater();
    hub.onUnconfirmed((room, member) -> restater.restate((NodeSocket) member, room));
    lost = vertx.eventBus().<JsonObject>consumer(Addresses.ROOMS_LOST, msg -> {
      if (RoomsLost.fromJson(msg.body()).concerns(node.nodeId())) {
        restater.restateAll();
      }
    });
    watchMerges(restater);
    sockjs = settings.sockjs() ? new SockJsEndpoint(node, ops) : null;
    Future<Router> sockjsRouter = sockjs == null ? Future.succeededFuture() : sockjs.start(vertx);
    moves = new SocketMoves(node, ops);
    return Future.all(List.of(deliveries.completion(), statusAnswers.completion(), lost.completion(), node.companionLink().start(), sockjsRouter,
            moves.start(), node.endpoints().start(vertx)))
        .compose(v -> {
          Handler<HttpServerRequest> dispatch = HttpDispatch.of(vertx, node, settings, ops, publisher, sockjsRouter.result(), this::status);
          HttpServerOptions options = new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
              .setMaxWebSocketFrameSize(settings.hardFrameLimit()).setMaxWebSocketMessageSize(settings.hardFrameLimit())
              .setReadIdleTimeout(settings.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
              // permessage-deflate only when configured, and then with a cap on inflation: each
              // connection's Vert.x handshaker (which inflates any frame whole) is replaced by
              // WebSocketCompression's; the obsolete per-frame deflate never
              .setPerMessageWebSocketCompressionSupported(settings.compression()).setPerFrameWebSocketCompressionSupported(false)
              // HTTP/1.1 only: with h2c on, a connection is not handed to the connection handler
              // (which counts it against its address's limit) until its first bytes arrive
              .setHttp2ClearTextEnabled(false)
              // every request and response of a connection stays on its event loop (the hub, the
              // bus replies and the HTTP handlers all run there): Vert.x then writes directly instead
              // of through a per-connection MPSC queue, ~4.7 KiB less heap per connection, which the
              // HTTP/1.x connection a WebSocket upgrade keeps alive would otherwise hold for good
              .setStrictThreadMode(true);
          server = vertx.createHttpServer(options).connectionHandler(c -> connected(c, settings)).requestHandler(dispatch);
          return server.listen();
        })
        .compose(s -> listenTcp(settings))
        .compose(v -> listenUdp(settings, publisher))
        .compose(v -> listenMqtt(settings))
        .onSuccess(v -> {
          timers.add(vertx.setPeriodic(NodeContext.KEEP_ALIVE_TICK_MILLIS, t -> node.keepAlive().tick(System.nanoTime())));
          timers.add(vertx.setPeriodic(1000, t -> node.expiries().tick(System.currentTimeMillis())));
          timers.add(vertx.setPeriodic(GAP_CHECK_MILLIS, t -> hub.checkGaps(System.currentTimeMillis(),
              settings.gapRepairMillis(), settings.gapWaitMillis())));
          LOG.info("ingress {}: WebSocket on ws://{}:{}{}{}{}{}{}{}", node.nodeId(), settings.host(), server.actualPort(),
              settings.path(), sharedPort == null ? "" : " (the port shared with TCP and MQTT" + (sharedPort.tls() ? ", TLS too)" : ")"),
              sockjs == null ? "" : ", SockJS on /eventbus",
              tcp.port() < 0 ? "" : ", TCP on " + settings.host() + ":" + tcp.port(),
              udp == null ? "" : ", UDP on " + settings.host() + ":" + udp.port(),
              mqtt.port() < 0 ? "" : ", MQTT on " + settings.host() + ":" + mqtt.port());
        });
  }

  /**
   * A new connection to the HTTP port: within its address's limit (else closed before a byte is
   * read), its place given back when its channel closes (an upgraded WebSocket's too: the HTTP
   * connection's own close handler does not outlive the upgrade), compression offered if on.
   */
  private void connected(HttpConnection connection, IngressSettings settings) {
    SocketAddress from = connection.remoteAddress();
    if (!node.gate().open(from)) {
      connection.close();
      return;
    }
    if (connection instanceof Http1xServerConnection http1) {
      http1.channelHandlerContext().channel().closeFuture()
          .addListener(closed -> context.runOnContext(v -> node.gate().closed(from)));
      if (sharedPort != null) {
        sharedPort.watch(http1);
      }
    } else {
      connection.closeHandler(v -> node.gate().closed(from));
    }
    if (settings.compression()) {
      WebSocketCompression.offer(connection, settings.hardFrameLimit());
    }
  }

  private Future<Void> listenTcp(IngressSettings settings) {
    if (settings.tcpPort() <= 0) {
      return Future.succeededFuture();
    }
    return tcp.listen(vertx, settings.host(), settings.tcpPort(), settings.tcpKeepAliveSeconds()).mapEmpty();
  }

  private Future<Void> listenMqtt(IngressSettings settings) {
    return mqtt.settings().port() <= 0 ? Future.succeededFuture() : mqtt.listen(vertx, settings.host()).mapEmpty();
  }

  private Future<Void> listenUdp(IngressSettings settings, Publisher publisher) {
    if (settings.udpPort() <= 0) {
      return Future.succeededFuture();
    }
    udp = new UdpIngress(vertx, publisher, settings.maxMessageBytes());
    return udp.listen(settings.host(), settings.udpPort()).mapEmpty();
  }

  /**
   * After this JVM merged back into the cluster from the other side of a split, the side it joined
   * may have dropped this node's memberships (it looked dead from there), and the rooms' request to
   * restate them can be lost while the event bus's subscriptions settle after the merge: the
   * ingress restates every membership itself, at once and again 5 s later (a restate is harmless
   * where nothing was dropped).
   */
  private void watchMerges(MembershipRestater restater) {
    if (!vertx.isClustered()
        || !(((VertxInternal) vertx).clusterManager() instanceof HazelcastClusterManager hz)
        || hz.getHazelcastInstance() == null) {
      return;
    }
    Context context = vertx.getOrCreateContext();
    LifecycleService lifecycle = hz.getHazelcastInstance().getLifecycleService();
    UUID registration = lifecycle.addLifecycleListener(event -> {
      if (event.getState() == LifecycleEvent.LifecycleState.MERGED) {
        context.runOnContext(v -> {
          restater.restateAll();
          vertx.setTimer(5_000, t -> restater.restateAll());
        });
      }
    });
    unwatchMerges = () -> lifecycle.removeLifecycleListener(registration); // an undeployed ingress restates nothing
  }

  @Override
  public Future<?> stop() {
    timers.forEach(vertx::cancelTimer);
    // The node's sockets leave their rooms first (one sweep, not one call per socket), then close.
    Future<?> left = vertx.eventBus().request(Addresses.ROOMS_NODE_LEAVE, new NodeLeave(node.nodeId()).toJson(),
        new DeliveryOptions().setSendTimeout(NODE_LEAVE_TIMEOUT_MILLIS));
    return left.recover(e -> Future.succeededFuture()).compose(v -> {
      List<Future<Void>> closing = new ArrayList<>();
      for (LocalHub.Member m : node.hub().sockets()) {
        closing.add(m.shutdown());
      }
      return Future.join(closing);
    }).eventually(() -> deliveries.unregister()).eventually(() -> statusAnswers.unregister()).eventually(() -> {
      unwatchMerges.run();
      return lost.unregister();
    })
        .eventually(() -> node.companionLink().stop())
        .eventually(() -> moves == null ? Future.succeededFuture() : moves.stop())
        .eventually(() -> node.endpoints().stop())
        .eventually(() -> sockjs == null ? Future.succeededFuture() : sockjs.stop())
        .eventually(() -> tcp.close())
        .eventually(() -> udp == null ? Future.succeededFuture() : udp.close())
        .eventually(() -> mqtt.close())
        .eventually(() -> server.close())
        .eventually(() -> {
          node.meters().remove();
          return Future.succeededFuture();
        });
  }

  /** This node's counters (sockets, messages, gaps, SockJS clients as {@code bridgeClients}, UDP), as JSON. */
  private void status(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "application/json").end(status().encode());
  }

  /** This node's counts: {@code /status}, and its answer on {@link Addresses#ingressStatus}. */
  private JsonObject status() {
    LocalHub hub = node.hub();
    JsonObject h = new JsonObject().put("status", "ok").put("node", node.nodeId())
        .put("sockets", hub.socketCount())
        .put("envelopesIn", hub.envelopesIn()).put("framesOut", hub.framesOut())
        .put("gapsSkipped", hub.gapsSkipped()).put("gapsRepaired", hub.gapsRepaired());
    if (sockjs != null) {
      h.put("bridgeClients", sockjs.clients());
    }
    if (udp != null) {
      h.put("udp", new JsonObject().put("received", udp.received()).put("posted", udp.posted())
          .put("dropped", new JsonObject(new LinkedHashMap<>(udp.dropped()))));
    }
    return h;
  }
}
