package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.cluster.ActiveStandby;
import io.porthouse.core.envelope.Envelope;
import io.porthouse.core.envelope.EnvelopeCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Owns all room state ({@link RoomRegistry}) and answers the {@code porthouse.rooms.*} addresses.
 * One instance is active in a cluster ({@link ActiveStandby}); it sequences every message of
 * every room, so {@code seq} is one sequence whichever node members are on.
 */
public final class RoomsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoomsVerticle.class);
  private static final long SWEEP_MILLIS = 1000;

  private RoomRegistry registry;
  private NodeFanOut fanOut;
  private ActiveStandby activeStandby;
  private long sweepTimer = -1;

  @Override
  public Future<?> start() {
    EnvelopeCodec.ensureRegistered(vertx);
    JsonObject conf = config().getJsonObject("rooms");
    registry = new RoomRegistry(conf.getBoolean("autoCreate"), conf.getLong("emptyRoomTtlSeconds") * 1000,
        conf.getLong("nodeTimeoutMillis"));
    fanOut = new NodeFanOut(vertx.eventBus());
    activeStandby = new ActiveStandby(vertx, Addresses.LOCK_ROOMS, "rooms");
    return activeStandby.start(this::serve);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    activeStandby.stop();
    return Future.succeededFuture();
  }

  private Future<Void> serve() {
    EventBus bus = vertx.eventBus();
    List<Future<Void>> registered = new ArrayList<>();
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_CREATE, command(c -> {
      registry.create(c, now());
      return new JsonObject().put("room", c.room());
    })).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_JOIN, command(c ->
        new JsonObject().put("room", c.room()).put("seq", registry.join(c, now())))).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_LEAVE, command(c -> {
      registry.leave(c, now());
      return new JsonObject().put("room", c.room());
    })).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_ADMIT, command(c -> {
      registry.admit(c.room(), c.socket());
      return new JsonObject();
    })).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_LIST, reply(body ->
        new JsonObject().put("rooms", registry.list()))).completion());
    registered.add(bus.<Envelope>consumer(Addresses.ROOMS_PUBLISH, this::publish).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_DISCONNECT, msg ->
        registry.disconnect(msg.body().getString("socket"), now())).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_NODE_LEAVE, msg ->
        registry.dropNode(msg.body().getString("node"), now())).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_HEARTBEAT, reply(body ->
        new JsonObject().put("known", registry.heartbeat(body.getString("node"), now())))).completion());
    registered.add(bus.<JsonObject>consumer(Addresses.ROOMS_RESYNC, reply(this::resync)).completion());
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, t -> registry.sweep(now())
        .forEach(node -> LOG.warn("rooms: ingress node {} went silent; its sockets left their rooms", node)));
    return Future.all(registered).<Void>mapEmpty()
        .onSuccess(v -> LOG.info("rooms: active, serving porthouse.rooms.* (auto-create {})",
            config().getJsonObject("rooms").getBoolean("autoCreate")));
  }

  private void publish(Message<Envelope> msg) {
    Envelope e = msg.body();
    try {
      RoomRegistry.Sequenced s = registry.sequence(e.room(), e.socket(), e.to());
      fanOut.deliver(e.withSeq(s.seq()), s.nodes());
      msg.reply(new JsonObject().put("seq", s.seq()));
    } catch (RuntimeException error) {
      BusErrors.fail(msg, error);
    }
  }

  private JsonObject resync(JsonObject body) {
    List<RoomRegistry.Membership> members = new ArrayList<>();
    for (Object o : body.getJsonArray("members", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      members.add(new RoomRegistry.Membership(m.getString("room"), m.getString("socket"), m.getString("client")));
    }
    int remade = registry.resync(body.getString("node"), members, now());
    if (!members.isEmpty()) {
      LOG.info("rooms: ingress node {} restated {} memberships ({} rooms made again)", body.getString("node"),
          members.size(), remade);
    }
    return new JsonObject().put("rooms", remade);
  }

  private static Handler<Message<JsonObject>> command(Function<RoomCommand, JsonObject> action) {
    return reply(body -> action.apply(RoomCommand.fromJson(body)));
  }

  private static Handler<Message<JsonObject>> reply(Function<JsonObject, JsonObject> action) {
    return msg -> {
      try {
        msg.reply(action.apply(msg.body()));
      } catch (RuntimeException error) {
        BusErrors.fail(msg, error);
      }
    };
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
