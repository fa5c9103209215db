package io.porthouse.examples.sse;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.Identity;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.bus.NodeLeave;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.SendAck;
import io.porthouse.core.bus.TokenCheck;
import io.porthouse.core.cluster.NodeIds;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.porthouse.core.envelope.EnvelopeKind;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.FrameParser;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.ServerFrames;
import io.porthouse.hub.Delivery;
import io.porthouse.hub.HistoryRepair;
import io.porthouse.hub.LocalHub;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A new way into Porthouse, written as a user would write one (docs/extending.md): a verticle
 * that depends on {@code core} and the {@code hub} library only, and talks to the rest only over the
 * event bus.
 *
 * <ul>
 *   <li>{@code GET /sse/{room}?token=…}: a Server-Sent Events stream; the connection becomes a
 *       socket of this ingress that joins {@code room}; each message of the room arrives as
 *       {@code event: msg} with the v1 {@code msg} frame as data. The first event, {@code welcome},
 *       names the socket.</li>
 *   <li>{@code POST /sse/{room}/{socket}}: sends the JSON body as that socket's message.</li>
 * </ul>
 *
 * <p>What it does on the bus: one consumer on its own delivery address
 * ({@link Addresses#ingressDeliver}); {@code RoomCommand}s to {@link Addresses#ROOMS_JOIN}; envelopes
 * to {@link Addresses#ROUTER_ROUTE} (the router beside every ingress, in this JVM); a
 * {@link Addresses#ROOMS_DISCONNECT} when a stream ends and {@link Addresses#ROOMS_NODE_LEAVE} when
 * it stops. Deliveries go through a {@link LocalHub}, as at every ingress: in a cluster they may
 * arrive out of order, and the hub releases them in {@code prevSeq} order, fetches a gap from the
 * room's history, and tells a stream {@code reset} (as a {@code control} event) when history no
 * longer holds what it missed.
 */
public final class SseIngressVerticle extends VerticleBase {

  /** How long a delivery waits for a missing predecessor before the hub fetches it from history (history.repairAfterMillis). */
  private static final long REPAIR_AFTER_MILLIS = 200;
  /** How long a delivery waits for a missing predecessor history does not hold before it goes on (history.gapWaitMillis). */
  private static final long GAP_WAIT_MILLIS = 2000;

  private final int port;
  private final Map<String, Stream> streams = new HashMap<>();
  private String node;
  private long counter;
  private LocalHub hub;
  private long gapChecks;
  private HttpServer server;
  private MessageConsumer<Envelope> deliveries;

  /** A stream as the hub sees it: a member of one room that takes {@code msg} frames. */
  private record Stream(String id, String room, Identity identity, HttpServerResponse response) implements LocalHub.Member {

    @Override
    public String client() {
      return identity == null ? null : identity.client();
    }

    @Override
    public Set<String> rooms() {
      return Set.of(room);
    }

    @Override
    public void deliver(Delivery delivery) {
      event(response, "msg", delivery.msgText());
    }

    @Override
    public void control(String frame) {
      event(response, "control", frame);
    }

    @Override
    public void flush() {
      // each event is written as it comes
    }

    @Override
    public Future<Void> shutdown() {
      return response.end();
    }
  }

  /** {@code port}: where it listens (0: any free port, see {@link #port()}). */
  public SseIngressVerticle(int port) {
    this.port = port;
  }

  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    // Its own node id; clustered, it is an extension of this JVM's node, so its sockets are
    // dropped from their rooms when this JVM leaves the cluster.
    node = vertx.isClustered()
        ? NodeIds.extension(NodeIds.ofClusterNode(((VertxInternal) vertx).clusterManager().getNodeId()), "sse")
        : NodeIds.random();
    hub = new LocalHub(task -> context.runOnContext(v -> task.run()), new HistoryRepair(vertx.eventBus(), node));
    gapChecks = vertx.setPeriodic(250, t -> hub.checkGaps(System.currentTimeMillis(), REPAIR_AFTER_MILLIS, GAP_WAIT_MILLIS));
    deliveries = vertx.eventBus().consumer(Addresses.ingressDeliver(node), msg -> hub.deliver(msg.body()));
    server = vertx.createHttpServer().requestHandler(this::handle);
    return deliveries.completion().compose(v -> server.listen(port, "127.0.0.1"));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(gapChecks);
    return vertx.eventBus().request(Addresses.ROOMS_NODE_LEAVE, new NodeLeave(node).toJson())
        .recover(e -> Future.succeededFuture())
        .eventually(() -> deliveries.unregister())
        .eventually(() -> server.close());
  }

  private void handle(HttpServerRequest req) {
    String[] parts = req.path().split("/");
    if (parts.length == 3 && "sse".equals(parts[1]) && req.method().name().equals("GET")) {
      subscribe(req, parts[2]);
    } else if (parts.length == 4 && "sse".equals(parts[1]) && req.method().name().equals("POST")) {
      req.body().onSuccess(body -> send(req, parts[2], parts[3], body));
    } else {
      req.response().setStatusCode(404).end();
    }
  }

  private void subscribe(HttpServerRequest req, String room) {
    String token = req.getParam("token");
    Future<Identity> identity = token == null ? Future.succeededFuture()
        : vertx.eventBus().<JsonObject>request(Addresses.AUTH_VERIFY, new TokenCheck(token).toJson())
            .map(r -> Identity.fromJson(r.body()));
    identity.compose(who -> {
      String socket = node + "." + (++counter);
      RoomCommand join = new RoomCommand(room, socket, node, who == null ? null : who.client(),
          who == null ? List.of() : who.roles(), null);
      HttpServerResponse response = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
          .putHeader("Cache-Control", "no-cache");
      Stream stream = new Stream(socket, room, who, response);
      streams.put(socket, stream);
      response.closeHandler(v -> leave(stream));
      hub.connected(stream);
      hub.joining(room, stream); // what arrives for the room from now on waits for the join's answer
      return vertx.eventBus().<JsonObject>request(Addresses.ROOMS_JOIN, JoinRequest.of(join).toJson()).map(reply -> {
        JoinAnswer r = JoinAnswer.fromJson(reply.body());
        if (streams.get(socket) != stream) { // it closed while the join was in flight: undo the join
          vertx.eventBus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(socket, join.client(), room).toJson());
          return stream;
        }
        event(response, "welcome", ServerFrames.welcome(socket, join.client(), node));
        hub.joined(room, stream, r.seq(), r.epoch(), r.nodeBase());
        hub.echo(room, r.echo());
        return stream;
      }).onFailure(e -> {
        streams.remove(socket);
        hub.disconnected(stream, List.of(room));
      });
    }).onFailure(e -> {
      PorthouseException error = BusErrors.toPorthouse(e);
      req.response().setStatusCode(error.code().httpStatus()).end(error.getMessage());
    });
  }

  private void send(HttpServerRequest req, String room, String socket, Buffer body) {
    Stream stream = streams.get(socket);
    try {
      if (stream == null || !stream.room.equals(room)) {
        throw PorthouseException.of(ErrorCode.NOT_FOUND, "no stream '" + socket + "' in room '" + room + "' here");
      }
      FrameParser.requireJsonValue(body);
    } catch (PorthouseException e) {
      req.response().setStatusCode(e.code().httpStatus()).end(e.getMessage());
      return;
    }
    Envelope envelope = new Envelope(node + "-" + (++counter), node, socket,
        stream.identity == null ? null : stream.identity.client(), EnvelopeKind.TEXT, room, null, body,
        System.currentTimeMillis(), Envelope.NO_SEQ);
    vertx.eventBus().<SendAck>request(Addresses.ROUTER_ROUTE, envelope)
        .onSuccess(reply -> req.response().setStatusCode(202).end(new JsonObject().put("seq", reply.body().seq()).encode()))
        .onFailure(e -> {
          PorthouseException error = BusErrors.toPorthouse(e);
          req.response().setStatusCode(error.code().httpStatus()).end(error.getMessage());
        });
  }

  private void leave(Stream stream) {
    if (streams.remove(stream.id, stream)) {
      hub.disconnected(stream, List.of(stream.room));
      vertx.eventBus().send(Addresses.ROOMS_DISCONNECT, Disconnect.of(stream.id, null, stream.room).toJson());
    }
  }

  private static void event(HttpServerResponse response, String name, String data) {
    response.write("event: " + name + "\ndata: " + data + "\n\n");
  }
}
