package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.rooms.state.CreateRoom;
import io.porthouse.rooms.state.JoinRoom;
import io.porthouse.rooms.state.LeaveRoom;
import io.porthouse.rooms.state.RoomReply;
import io.porthouse.rooms.state.RoomRules;
import io.porthouse.rooms.state.SweepRooms;
import io.porthouse.rooms.store.RoomListing;
import io.porthouse.rooms.store.RoomStore;
import io.porthouse.rooms.store.RoomSummary;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The room commands of this JVM's ingress (create, join, leave, list, disconnect, node-leave),
 * each turned into one operation on the room store: one call to the room's owner, never a detour
 * through another verticle. Registered as local consumers beside the router.
 */
public final class RoomCommands {

  private final RoomStore store;
  private final boolean autoCreate;
  private final long emptyTtlMillis;
  private final int listLimit;

  public RoomCommands(RoomStore store, JsonObject config) {
    JsonObject rooms = config.getJsonObject("rooms");
    this.store = store;
    this.autoCreate = rooms.getBoolean("autoCreate");
    this.emptyTtlMillis = rooms.getLong("emptyRoomTtlSeconds") * 1000;
    this.listLimit = rooms.getInteger("listLimit");
  }

  public Future<Void> register(EventBus bus) {
    return Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.ROOMS_CREATE, answer(this::create)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, answer(this::join)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, answer(this::leave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LIST, answer(this::list)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_NODE_LEAVE, answer(this::nodeLeave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_DISCONNECT, msg -> disconnect(msg.body())).completion()))
        .mapEmpty();
  }

  private Future<JsonObject> create(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    JsonObject rules = RoomRules.validate(c.rules());
    return store.apply(c.room(), new CreateRoom(c.socket(), c.client(), c.roles(), rules.encode(),
            RoomRules.listed(rules), newEpoch(), now()))
        .map(reply -> new JsonObject().put("room", c.room()).put("epoch", reply.orThrow().epoch()));
  }

  private Future<JsonObject> join(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new JoinRoom(c.socket(), c.node(), c.client(), c.roles(), autoCreate,
            body.getBoolean("restate", false), newEpoch(), now()))
        .map(reply -> {
          RoomReply r = reply.orThrow();
          return new JsonObject().put("room", c.room()).put("seq", r.seq()).put("epoch", r.epoch())
              .put("nodeBase", r.nodeBase());
        });
  }

  private Future<JsonObject> leave(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new LeaveRoom(c.socket(), now()))
        .map(reply -> {
          reply.orThrow();
          return new JsonObject().put("room", c.room());
        });
  }

  private Future<JsonObject> list(JsonObject body) {
    Set<String> mine = new HashSet<>();
    body.getJsonArray("mine", new JsonArray()).forEach(r -> mine.add((String) r));
    RoomListing listing = new RoomListing(body.getString("client"), mine, body.getString("after"));
    return store.list(listing, listLimit + 1).map(found -> {
      JsonArray rooms = new JsonArray();
      found.stream().limit(listLimit).map(RoomSummary::toJson).forEach(rooms::add);
      return new JsonObject().put("rooms", rooms).put("more", found.size() > listLimit);
    });
  }

  /** A socket closed: it leaves each room it was in; a room it was not in any more is fine. */
  private void disconnect(JsonObject body) {
    String socket = body.getString("socket");
    for (Object room : body.getJsonArray("rooms", new JsonArray())) {
      store.apply((String) room, new LeaveRoom(socket, now()));
    }
  }

  private Future<JsonObject> nodeLeave(JsonObject body) {
    return store.sweep(new SweepRooms(Set.of(body.getString("node")), emptyTtlMillis, now()))
        .map(dropped -> new JsonObject().put("dropped", dropped));
  }

  private static io.vertx.core.Handler<Message<JsonObject>> answer(Function<JsonObject, Future<JsonObject>> action) {
    return msg -> {
      Future<JsonObject> result;
      try {
        result = action.apply(msg.body());
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onSuccess(msg::reply).onFailure(e -> BusErrors.fail(msg, e));
    };
  }

  /** A fresh room epoch: random, so a room made again never repeats an earlier epoch. */
  static String newEpoch() {
    return Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
