package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.security.HashingPool;
import io.porthouse.roomstate.HistoryLimits;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomTemplates;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The room commands of this JVM's ingress, registered as local consumers beside the router, each
 * turned into one operation on the room store: one call to the room's sequencer, never a detour
 * through another verticle. Three jobs, three classes: {@link Membership} (join and resume, leave,
 * disconnect, node-leave, and the presence events they make), {@link RoomLifecycle} (create, rules,
 * delete: what a room is) and {@link RoomReads} (history, members, list).
 */
public final class RoomCommands {

  private final RoomStore store;
  private final JsonObject config;
  private final TemplateBook templates;

  public RoomCommands(RoomStore store, JsonObject config, TemplateBook templates) {
    this.store = store;
    this.config = config;
    this.templates = templates;
  }

  public Future<Void> register(Vertx vertx) {
    JsonObject rooms = config.getJsonObject("rooms");
    JsonObject auth = config.getJsonObject("auth");
    HistoryLimits history = HistoryLimits.fromConfig(config);
    int maxReplay = Math.min(config.getJsonObject("history").getInteger("maxReplay"), history.size());
    RoomRules ruleBook = new RoomRules(config);
    HashingPool hashing = new HashingPool(vertx, auth.getInteger("hashWorkers"), auth.getInteger("hashQueue"));
    EventBus bus = vertx.eventBus();
    Membership membership = new Membership(store, bus, new JoinSecrets(store, hashing, bus), ruleBook, templates,
        rooms.getLong("emptyRoomTtlSeconds") * 1000, history, maxReplay);
    RoomLifecycle lifecycle = new RoomLifecycle(store, bus, hashing, ruleBook, templates,
        rooms.getInteger("passwordIterations"));
    RoomReads reads = new RoomReads(store, history, maxReplay,
        Math.max(1, config.getJsonObject("presence").getInteger("pageSize")), rooms.getInteger("listLimit"));
    return Future.all(List.of(
        bus.<JsonObject>localConsumer(Addresses.ROOMS_JOIN, BusErrors.answering(membership::join)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LEAVE, BusErrors.answering(membership::leave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_DISCONNECT, msg -> membership.disconnect(Disconnect.fromJson(msg.body()))).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_NODE_LEAVE, BusErrors.answering(membership::nodeLeave)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_CREATE, BusErrors.answering(lifecycle::create)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_RULES, BusErrors.answering(lifecycle::rules)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_DELETE, BusErrors.answering(lifecycle::delete)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_HISTORY, BusErrors.answering(reads::history)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_MEMBERS, BusErrors.answering(reads::members)).completion(),
        bus.<JsonObject>localConsumer(Addresses.ROOMS_LIST, BusErrors.answering(reads::list)).completion()))
        .mapEmpty();
  }
}
