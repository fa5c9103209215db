package io.porthouse.ingress.sockjs;

import io.porthouse.core.Addresses;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.ingress.Authenticator;
import io.porthouse.ingress.BackendHooks;
import io.porthouse.ingress.NodeContext;
import io.porthouse.ingress.ReadTimeout;
import io.porthouse.ingress.http.PageOrigins;
import io.porthouse.ingress.session.Session;
import io.porthouse.ingress.session.ops.Ops;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Vert.x SockJS event-bus bridge at {@code /eventbus}, for JS clients using the standard
 * {@code @vertx/eventbus-bridge-client.js}. Clients see one public address, {@link Addresses#SOCKJS_INBOUND}: each
 * message they send there is a protocol v1 op (a JSON object), answered with the v1 reply as the
 * event-bus reply. {@code hello} answers the welcome with the client's push address, the only one it
 * may register a handler on; its messages arrive there.
 *
 * <p>The bridge hook keeps internal addresses out of reach: a send to {@link Addresses#SOCKJS_INBOUND} is
 * re-addressed to this node's own local consumer with headers set here (the socket's id, and the
 * token of an {@code Authorization: Bearer} header), so no identity the client writes in a body or
 * header is believed; every other send, every publish, and every register but the client's own
 * push address is refused. The client's own register is answered by Porthouse itself without an
 * event-bus consumer (the hook keeps the event until the socket closes): pushed frames are written
 * to the SockJS socket by the node's hub, so 10,000 SockJS clients cost the cluster registry
 * nothing.
 */
public final class SockJsEndpoint {

  /**
   * Where the iframe-based transports' page loads sockjs-client from: this server's copy (the
   * JS client's build puts it there), not a public CDN a closed network cannot reach.
   */
  public static final String LIBRARY_URL = "/js/sockjs.min.js";

  /** What a polling send's body may hold beyond its message: the bridge's frame, a token, a reply address. */
  private static final int ENVELOPE_BYTES = 64 * 1024;

  private static final String SOCKET_HEADER = "porthouse-socket";
  private static final String TOKEN_HEADER = "porthouse-token";

  private final NodeContext node;
  private final Ops ops;
  private final String localAddress;
  private final Map<SockJSSocket, Client> clients = new HashMap<>();
  private final Map<String, Client> byId = new HashMap<>();
  private MessageConsumer<Object> consumer;

  /** One bridge socket: its session, its transport, and its own register event, held until it closes. */
  /**
   * A SockJS client: its session, and (connect hook) when the backend has said who it is: its
   * sends wait for that, in order, and a refusal closes it.
   */
  private record Client(Session session, SockJsTransport transport, BridgeEvent[] register, Future<?> identified) {
  }

  public SockJsEndpoint(NodeContext node, Ops ops) {
    this.node = node;
    this.ops = ops;
    this.localAddress = Addresses.sockjsSends(node.nodeId());
  }

  /** The SockJS event-bus bridge's router (to mount at {@code /eventbus/*}), and the node-local consumer of its sends. */
  public Future<Router> start(Vertx vertx) {
    consumer = node.bus().localConsumer(localAddress, this::onSend);
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(localAddress))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(Pattern.quote(Addresses.SOCKJS_PUSH_PREFIX) + ".+"))
        .setMaxAddressLength(128);
    Router bridge = SockJSHandler.create(vertx, new SockJSHandlerOptions().setRegisterWriteHandler(false)
            .setLibraryURL(LIBRARY_URL).setHeartbeatInterval(node.settings().pingSeconds() * 1000L))
        .bridge(options, this::hook);
    Router router = Router.router(vertx);
    router.route().handler(new PageOrigins(node.settings().pageOrigins()));
    // the polling transports' sends (xhr_send, jsonp_send) are request bodies: read whole, bounded
    // as a WebSocket frame is, plus room for the bridge's envelope and SockJS's own escaping
    router.post().handler(BodyHandler.create(false).setBodyLimit(node.settings().hardFrameLimit() + ENVELOPE_BYTES));
    // a streaming transport's receiving request reads nothing after its head: the connection's read
    // timeout would cut it; the SockJS session's heartbeats and the bridge's ping timeout watch it instead
    // (a group that captures would become the path parameter SockJS reads its session id from)
    router.routeWithRegex(".*/(?:xhr_streaming|eventsource|htmlfile)$").handler(ctx -> {
      ReadTimeout.remove(ctx.request());
      ctx.next();
    });
    router.route("/*").subRouter(bridge);
    return consumer.completion().map(v -> router);
  }

  public Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }

  /** SockJS clients connected to this node. */
  public int clients() {
    return clients.size();
  }

  /**
   * A new session, anonymous until a token comes (with {@code auth} or a message's header); with
   * the connect hook, whoever the backend says, its sends held until it has said (a refusal closes it).
   */
  private void open(SockJSSocket socket) {
    SockJsTransport transport = new SockJsTransport(socket);
    Session session = new Session(transport, node, ops, null);
    transport.address(Addresses.SOCKJS_PUSH_PREFIX + session.id());
    Future<?> identified = !node.hooks().settings().connect() ? Future.succeededFuture()
        : node.auth().identify(null, "sockjs", socket.remoteAddress(), socket.headers())
            .onSuccess(arrival -> {
              if (!session.isClosed()) {
                session.identity(arrival.identity());
                // rooms the backend names are not joined here: what a SockJS client is pushed before it
                // registers its push address (after hello) never reaches it; it joins them itself
                session.arrived(new BackendHooks.Arrival(arrival.identity(), List.of(), arrival.fromBackend()));
              }
            })
            .onFailure(e -> socket.close());
    Client c = new Client(session, transport, new BridgeEvent[1], identified);
    clients.put(socket, c);
    byId.put(session.id(), c);
    session.start();
  }

  private void hook(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    Client client = clients.get(socket);
    switch (event.type()) {
      case SOCKET_CREATED -> {
        if (!node.gate().openSession(socket.remoteAddress())) {
          event.complete(false); // its address holds its limit of sessions
          return;
        }
        open(socket);
        event.complete(true);
      }
      case SEND -> {
        JsonObject raw = event.getRawMessage();
        if (client == null || !Addresses.SOCKJS_INBOUND.equals(raw.getString("address"))) {
          event.complete(false); // the client sees "rejected": only porthouse.in takes sends
          return;
        }
        // in the order sent, once the backend has said who the client is (at once without the connect hook)
        client.identified.onComplete(ar -> {
          if (ar.failed()) {
            event.complete(false);
            return;
          }
          JsonObject headers = new JsonObject().put(SOCKET_HEADER, client.session.id());
          String token = bearer(raw.getJsonObject("headers"));
          if (token != null) {
            headers.put(TOKEN_HEADER, token);
          }
          raw.put("address", localAddress).put("headers", headers); // whatever the client wrote there is dropped
          event.complete(true);
        });
      }
      case REGISTER -> {
        String address = event.getRawMessage().getString("address");
        if (client == null || !client.transport.pushAddress().equals(address) || client.register[0] != null) {
          event.complete(false); // "rejected": a client may listen on its own push address only
          return;
        }
        client.register[0] = event; // answered without an event-bus consumer: kept until the socket closes
        client.transport.registered(true);
      }
      case UNREGISTER -> {
        if (client != null && client.transport.pushAddress().equals(event.getRawMessage().getString("address"))) {
          client.transport.registered(false);
        }
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        if (client != null) {
          node.gate().closedSession(socket.remoteAddress());
          clients.remove(socket);
          byId.remove(client.session.id());
          client.session.closed();
          if (client.register[0] != null) {
            client.register[0].tryComplete(false); // the socket is gone: nothing is written
          }
        }
        event.complete(true);
      }
      case PUBLISH -> event.complete(false);
      default -> event.complete(true); // pings, idle checks, replies going out, errors
    }
  }

  private static String bearer(JsonObject headers) {
    if (headers == null || !(headers.getValue("Authorization") instanceof String value)) {
      return null;
    }
    return Authenticator.bearer(MultiMap.caseInsensitiveMultiMap().add("Authorization", value));
  }

  private void onSend(Message<Object> msg) {
    Client client = byId.get(msg.headers().get(SOCKET_HEADER));
    if (client == null) {
      msg.fail(ErrorCode.NOT_FOUND.failureCode(), "socket closed");
      return;
    }
    Object body = msg.body();
    Buffer frame = body instanceof JsonObject o ? o.toBuffer()
        : body instanceof String text ? Buffer.buffer(text)
        : Buffer.buffer(Json.encode(body));
    if (frame.length() > node.settings().maxMessageBytes()) {
      Object ref = body instanceof JsonObject o ? o.getValue("ref") : null;
      msg.reply(new JsonObject(ServerFrames.error(ref instanceof String || ref instanceof Number ? ref : null,
          ErrorCode.TOO_LARGE, "message of " + frame.length()
          + " bytes is over the limit of " + node.settings().maxMessageBytes())));
      return;
    }
    client.session.heard();
    client.session.text(frame, reply -> msg.reply(new JsonObject(reply)), msg.headers().get(TOKEN_HEADER));
  }
}
