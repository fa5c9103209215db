package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.Disconnect;
import io.porthouse.core.bus.HookCall;
import io.porthouse.core.bus.JoinAnswer;
import io.porthouse.core.bus.JoinRequest;
import io.porthouse.core.bus.NodeLeave;
import io.porthouse.core.bus.RoomAnswer;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.roomstate.HistoryLimits;
import io.porthouse.roomstate.JoinRoom;
import io.porthouse.roomstate.LeaveRoom;
import io.porthouse.roomstate.RoomEvents;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.RoomTemplates;
import io.porthouse.roomstate.SweepRooms;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * Who is in a room: {@code join} (and resume, and a restated membership), {@code leave}, a closed
 * socket's leaves, a departed node's sweep, and the presence events ({@code join}, {@code leave})
 * they make for the room's other members.
 */
final class Membership {

  private final RoomStore store;
  private final EventBus bus;
  private final JoinSecrets joinSecrets;
  private final TemplateBook templates;
  private final EventsMade eventsMade;
  private final RoomRules ruleBook;
  /** The effective rules each template's rooms are made with (computed once per template: a changed one is another). */
  private final Map<RoomTemplates.Template, String> madeWith = new HashMap<>();
  private final long emptyTtlMillis;
  private final HistoryLimits history;
  private final int maxReplay;
  /**
   * The rules of a room made again after every copy of it was lost (a restated membership):
   * its own rules are gone too, so it takes back its members from before and admits nobody new
   * but role {@code owner}, until an operator sets its rules (a persistent room gets its stored
   * rules back from the database).
   */
  private final String lostRules;

  Membership(RoomStore store, EventBus bus, JoinSecrets joinSecrets, RoomRules ruleBook, TemplateBook templates,
             long emptyTtlMillis, HistoryLimits history, int maxReplay) {
    this.store = store;
    this.bus = bus;
    this.joinSecrets = joinSecrets;
    this.templates = templates;
    this.eventsMade = new EventsMade(bus, templates);
    this.ruleBook = ruleBook;
    this.emptyTtlMillis = emptyTtlMillis;
    this.history = history;
    this.maxReplay = maxReplay;
    this.lostRules = ruleBook.effective(null, new JsonObject().put("roles", new JsonArray().add("owner"))).encode();
  }

  Future<JsonObject> join(JsonObject body) {
    JoinRequest request = JoinRequest.fromJson(body);
    RoomCommand c = request.command();
    RoomTemplates.Template template = templates.of(c.room());
    JoinRoom op = new JoinRoom(c.socket(), c.node(), c.client(), c.roles(), template.autoCreate(), request.restate(),
        RoomState.freshEpoch(), now()).makingWith(request.restate() ? lostRules : rulesOf(template)).inSpace(c.space())
        .by(c.attemptsBy());
    if (template.configured() && template.autoCreate()) {
      op.makingByTemplate();
    }
    if (request.restate() && !store.mayRemakeMissingRooms()) {
      op.notRemaking(); // a room missing just after a merge may still be on its way: the restater tries again
    }
    if (request.resuming()) {
      op.resuming(request.since(), request.epoch(), maxReplay, history);
    }
    boolean secrets = !request.restate() && (request.password() != null || request.otp() != null);
    // a restated membership was admitted when it first joined: the backend is not asked again
    boolean askBackend = template.asks(HookCall.Hook.JOIN) && !request.restate();
    Future<JoinRoom> allowed = askBackend ? askBackend(c).map(op::withInfo) : Future.succeededFuture(op);
    Future<JoinRoom> checked = secrets ? allowed.compose(o -> joinSecrets.prove(c, request.password(), request.otp(), o))
        : allowed;
    return checked.compose(join -> store.apply(c.room(), join)
        .recover(e -> secrets ? joinSecrets.abandoned(c, e) : Future.failedFuture(e))).map(reply -> {
      RoomReply.Joined r = reply.orThrow(RoomReply.Joined.class);
      eventsMade.after(c.room());
      if (r.tell().length > 0 && !r.again()) { // a new member (not a join again, nor a restated membership)
        RoomEvents.send(bus, c.room(), "join", c.socket(), c.client(), info(checked.result()), r.tell());
      }
      return new JoinAnswer(c.room(), r.seq(), r.epoch(), r.nodeBase(), r.nodeLast(), r.echo(), r.exclusive(),
          request.resuming() ? r.recovered() : null, request.resuming() ? Arrays.asList(r.replay()) : List.of()).toJson();
    });
  }

  Future<JsonObject> leave(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new LeaveRoom(c.socket(), now()))
        .map(reply -> {
          RoomReply.Left r = reply.orThrow(RoomReply.Left.class);
          eventsMade.after(c.room());
          if (r.tell().length > 0) {
            RoomEvents.send(bus, c.room(), "leave", c.socket(), c.client(), r.tell());
          }
          return new RoomAnswer.Left(c.room()).toJson();
        });
  }

  /** A socket closed: it leaves each room it was in; a room it was not in any more is fine. */
  void disconnect(Disconnect gone) {
    for (String room : gone.rooms()) {
      store.apply(room, new LeaveRoom(gone.socket(), now())).onSuccess(reply -> {
        eventsMade.after(room);
        if (reply instanceof RoomReply.Left r && r.tell().length > 0) {
          RoomEvents.send(bus, room, "leave", gone.socket(), gone.client(), r.tell());
        }
      });
    }
  }

  /** A node left the cluster: its members leave every room, told to the others. */
  Future<JsonObject> nodeLeave(JsonObject body) {
    return store.sweep(new SweepRooms(Set.of(NodeLeave.fromJson(body).node()), emptyTtlMillis, now()))
        .map(swept -> {
          RoomEvents.sendLeaves(bus, swept);
          return new RoomAnswer.Dropped(RoomEvents.dropped(swept)).toJson();
        });
  }

  /** The join hook: may this client join? Answers what the backend says of it (JSON), or {@code null}. */
  private Future<String> askBackend(RoomCommand c) {
    JsonObject body = new JsonObject().put("client", c.client()).put("roles", new JsonArray(c.roles()))
        .put("socket", c.socket()).put("room", c.room());
    return bus.<JsonObject>request(Addresses.HOOKS_CALL, new HookCall(HookCall.Hook.JOIN, body).toJson())
        .map(reply -> {
          JsonObject info = reply.body().getJsonObject("info");
          return info == null ? null : info.encode();
        });
  }

  private static JsonObject info(JoinRoom op) {
    return op.info() == null ? null : new JsonObject(op.info());
  }

  /** The rules a join makes a room of {@code template} with (auto-create). */
  private String rulesOf(RoomTemplates.Template template) {
    return madeWith.computeIfAbsent(template, t -> ruleBook.effective(null, t.rules()).encode());
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
