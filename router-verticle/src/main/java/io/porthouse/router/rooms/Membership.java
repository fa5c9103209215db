package io.porthouse.router.rooms;

import io.porthouse.core.bus.Disconnect;
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
import io.porthouse.roomstate.SweepRooms;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
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
  private final boolean autoCreate;
  private final long emptyTtlMillis;
  private final HistoryLimits history;
  private final int maxReplay;
  /** The rules of a room a join makes by auto-create: the server's defaults. */
  private final String defaultRules;
  /**
   * The rules of a room made again after every copy of it was lost (a restated membership):
   * its own rules are gone too, so it takes back its members from before and admits nobody new
   * but role {@code owner}, until an operator sets its rules (a persistent room gets its stored
   * rules back from the database).
   */
  private final String lostRules;

  Membership(RoomStore store, EventBus bus, JoinSecrets joinSecrets, RoomRules ruleBook, boolean autoCreate,
             long emptyTtlMillis, HistoryLimits history, int maxReplay) {
    this.store = store;
    this.bus = bus;
    this.joinSecrets = joinSecrets;
    this.autoCreate = autoCreate;
    this.emptyTtlMillis = emptyTtlMillis;
    this.history = history;
    this.maxReplay = maxReplay;
    this.defaultRules = ruleBook.effective(null, null).encode();
    this.lostRules = ruleBook.effective(null, new JsonObject().put("roles", new JsonArray().add("owner"))).encode();
  }

  Future<JsonObject> join(JsonObject body) {
    JoinRequest request = JoinRequest.fromJson(body);
    RoomCommand c = request.command();
    JoinRoom op = new JoinRoom(c.socket(), c.node(), c.client(), c.roles(), autoCreate, request.restate(),
        RoomState.freshEpoch(), now()).makingWith(request.restate() ? lostRules : defaultRules).inSpace(c.space())
        .by(c.attemptsBy());
    if (request.restate() && !store.mayRemakeMissingRooms()) {
      op.notRemaking(); // a room missing just after a merge may still be on its way: the restater tries again
    }
    if (request.resuming()) {
      op.resuming(request.since(), request.epoch(), maxReplay, history);
    }
    boolean secrets = !request.restate() && (request.password() != null || request.otp() != null);
    Future<JoinRoom> checked = secrets ? joinSecrets.prove(c, request.password(), request.otp(), op) : Future.succeededFuture(op);
    return checked.compose(join -> store.apply(c.room(), join)
        .recover(e -> secrets ? joinSecrets.abandoned(c, e) : Future.failedFuture(e))).map(reply -> {
      RoomReply.Joined r = reply.orThrow(RoomReply.Joined.class);
      if (r.tell().length > 0 && !r.again()) { // a new member (not a join again, nor a restated membership)
        RoomEvents.send(bus, c.room(), "join", c.socket(), c.client(), r.tell());
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

  private static long now() {
    return System.currentTimeMillis();
  }
}
