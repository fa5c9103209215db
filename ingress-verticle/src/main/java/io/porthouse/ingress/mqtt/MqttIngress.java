package io.porthouse.ingress.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.porthouse.core.Addresses;
import io.porthouse.core.bus.AccountRequest;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.protocol.ClientFrame;
import io.porthouse.core.protocol.Op;
import io.porthouse.ingress.ConnectionGate;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.post.Publisher;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.impl.MqttServerConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * The MQTT ingress ({@code mqtt.port}; MQTT 3.1.1 and 5 through vertx-mqtt): one {@link Session}
 * per connection over an {@link MqttTransport}, its packets mapped onto ops by
 * {@link MqttPackets}. The {@code CONNECT} password is the token (a JWT, as a WebSocket's
 * {@code token}), or with the user name a built-in account's password; it is checked before
 * {@code CONNACK}, so an accepted connection is an authenticated one, and a bad token or password
 * is refused there. Without a password the connection is
 * anonymous where anonymous sockets are allowed (it may subscribe; publishing needs a token, as
 * posts do). Refused at {@code CONNECT}: a will (Porthouse keeps none), and more connections than
 * the address may hold. Sessions are not kept: {@code CONNACK} says no session is present, and
 * MQTT 5 clients are told the session ends with the connection. The {@code CONNECT} must arrive
 * within {@code mqtt.connectTimeoutSeconds}; packets are bounded by {@code session.maxMessageBytes}
 * (plus the topic and header).
 */
public final class MqttIngress {

  private static final Logger LOG = LoggerFactory.getLogger(MqttIngress.class);

  /** Room of a topic, header, properties: what a PUBLISH holds besides its payload, at most. */
  private static final int PACKET_OVERHEAD = 4096;

  private final NodeContext node;
  private final Ops ops;
  private final Publisher publisher;
  /** A JWT's shape: three base64url parts. */
  private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

  private final Settings settings;
  private final MqttServerOptions options;
  private MqttServer server;

  public MqttIngress(NodeContext node, Ops ops, Publisher publisher, Settings settings) {
    this.node = node;
    this.ops = ops;
    this.publisher = publisher;
    this.settings = settings;
    this.options = new MqttServerOptions().setMaxMessageSize(node.settings().maxMessageBytes() + PACKET_OVERHEAD)
        .setTimeoutOnConnect(settings.connectTimeoutSeconds());
    options.setTcpNoDelay(true);
  }

  /** The {@code mqtt} section of the configuration. */
  public record Settings(int port, int connectTimeoutSeconds) {
    public static Settings from(JsonObject config) {
      JsonObject mqtt = config.getJsonObject("mqtt");
      return new Settings(mqtt.getInteger("port"), mqtt.getInteger("connectTimeoutSeconds"));
    }
  }

  /** Listens on {@code mqtt.port} (the shared port takes MQTT connections without it: {@link #serve}). */
  public Future<MqttServer> listen(Vertx vertx, String host) {
    server = MqttServer.create(vertx, new MqttServerOptions(options).setHost(host).setPort(settings.port()))
        .endpointHandler(endpoint -> connected(endpoint, true))
        .exceptionHandler(e -> LOG.debug("mqtt connection: {}", e.toString()));
    return server.listen();
  }

  /**
   * Serves an MQTT connection the shared port recognised (already counted against its address,
   * which the shared port releases), as vertx-mqtt's own server does with the connections it
   * accepts: its codec and CONNECT timeout in the pipeline, then its connection's packet handling.
   */
  public void serve(NetSocketInternal socket) {
    ChannelPipeline pipeline = socket.channelHandlerContext().pipeline();
    pipeline.addBefore("handler", "mqttEncoder", MqttEncoder.INSTANCE);
    pipeline.addBefore("handler", "mqttDecoder", new MqttDecoder(options.getMaxMessageSize(), options.getMaxClientIdLength()));
    // the CONNECT timeout under the names vertx-mqtt removes at CONNECT (then the client's keep-alive bounds silence)
    pipeline.addBefore("handler", "idle", new IdleStateHandler(settings.connectTimeoutSeconds(), 0, 0));
    pipeline.addBefore("handler", "timeoutOnConnect", new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
          ctx.channel().close();
        }
        ctx.fireUserEventTriggered(evt);
      }
    });
    MqttServerConnection connection = new MqttServerConnection(socket, endpoint -> connected(endpoint, false),
        e -> LOG.debug("mqtt connection: {}", e.toString()), options);
    socket.messageHandler(packet -> MqttServerConnections.handle(connection, packet));
  }

  /** A client sent its CONNECT; {@code count}: the connection is counted against its address here (its own port). */
  private void connected(MqttEndpoint endpoint, boolean count) {
    SocketAddress from = endpoint.remoteAddress();
    boolean v5 = endpoint.protocolVersion() >= 5;
    Runnable release = count ? () -> node.gate().closed(from) : () -> { };
    if (count && !node.gate().open(from)) {
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_QUOTA_EXCEEDED
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, reason(node.gate().addressRefusal()));
      return;
    }
    endpoint.exceptionHandler(e -> LOG.debug("mqtt {}: {}", endpoint.clientIdentifier(), e.toString()));
    if (endpoint.will() != null && endpoint.will().isWillFlag()) {
      endpoint.closeHandler(v -> release.run());
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_IMPLEMENTATION_SPECIFIC
          : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE, reason("a will is not supported: connect without one"));
      return;
    }
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    if (password == null && !node.settings().allowAnonymous()) {
      endpoint.closeHandler(v -> release.run());
      endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
          : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, reason("a token (the CONNECT password) is required"));
      return;
    }
    MqttTransport transport = new MqttTransport(endpoint, node.settings().writeQueueMaxBytes());
    Session session = new Session(transport, node, ops, null);
    endpoint.closeHandler(v -> {
      release.run();
      session.closed();
    });
    session.start();
    tokenOf(endpoint, from).onComplete(got -> {
      if (session.isClosed()) {
        return;
      }
      if (got.failed()) {
        refuse(endpoint, v5, BusErrors.toPorthouse(got.cause()).getMessage());
        return;
      }
      String token = got.result();
      new MqttPackets(endpoint, transport, session, publisher, token).listen();
      if (token == null) {
        accept(endpoint, v5);
        return;
      }
      session.submit(ClientFrame.of(Op.AUTH, "connect", null, token), frame -> {
        JsonObject answer = new JsonObject(frame);
        if (session.isClosed()) {
          return;
        }
        if ("authed".equals(answer.getString("op"))) {
          accept(endpoint, v5);
        } else {
          refuse(endpoint, v5, answer.getString("message"));
        }
      });
    });
  }

  /**
   * The token of a CONNECT: its password when that is a JWT; else its user name and password are a
   * built-in account's, logged in as {@code POST /auth/login} does (the same lockouts per address);
   * none without a password.
   */
  private Future<String> tokenOf(MqttEndpoint endpoint, SocketAddress from) {
    String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
    String password = endpoint.auth() == null ? null : endpoint.auth().getPassword();
    if (password == null) {
      return Future.succeededFuture();
    }
    if (JWT.matcher(password).matches() || user == null) {
      return Future.succeededFuture(password);
    }
    return node.bus().<JsonObject>request(Addresses.AUTH_LOGIN,
            new AccountRequest.Login(user, password, ConnectionGate.addressKey(from)).toJson())
        .map(reply -> reply.body().getString("token"));
  }

  private static void refuse(MqttEndpoint endpoint, boolean v5, String why) {
    endpoint.reject(v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
        : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD, reason(why));
  }

  /** {@code CONNACK}: no session kept; MQTT 5 clients hear what this server does not do. */
  private static void accept(MqttEndpoint endpoint, boolean v5) {
    if (!v5) {
      endpoint.accept(false);
      return;
    }
    MqttProperties p = new MqttProperties();
    p.add(new IntegerProperty(MqttPropertyType.MAXIMUM_QOS.value(), 1));
    p.add(new IntegerProperty(MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
    p.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 0));
    endpoint.accept(false, p);
  }

  /** A reason string for an MQTT 5 client (3.1.1 clients do not read properties; vertx-mqtt leaves them out). */
  static MqttProperties reason(String why) {
    MqttProperties p = new MqttProperties();
    p.add(new MqttProperties.StringProperty(MqttPropertyType.REASON_STRING.value(), why == null ? "" : why));
    return p;
  }

  public Settings settings() {
    return settings;
  }

  /** The port of its own listener, or -1 when it has none. */
  public int port() {
    return server == null ? -1 : server.actualPort();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
