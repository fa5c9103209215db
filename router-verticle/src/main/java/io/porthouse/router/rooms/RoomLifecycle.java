package io.porthouse.router.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.PersistRoom;
import io.porthouse.core.bus.RoomAnswer;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.bus.RoomCreated;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.security.HashingPool;
import io.porthouse.roomstate.ChangeRules;
import io.porthouse.roomstate.CreateRoom;
import io.porthouse.roomstate.DeleteRoom;
import io.porthouse.roomstate.ReadRules;
import io.porthouse.roomstate.RoomEvents;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomRules;
import io.porthouse.roomstate.RoomTemplates;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * What a room is: {@code create}, {@code rules} (read, or changed by its creator and told to the
 * members' nodes) and {@code delete}. A password in the rules is hashed in the hashing pool, never
 * on a partition thread; a persistent room is stored by the rooms verticle.
 */
final class RoomLifecycle {

  private final RoomStore store;
  private final EventBus bus;
  private final HashingPool hashing;
  private final RoomRules ruleBook;
  private final TemplateBook templates;
  private final int passwordIterations;

  RoomLifecycle(RoomStore store, EventBus bus, HashingPool hashing, RoomRules ruleBook, TemplateBook templates,
                int passwordIterations) {
    this.templates = templates;
    this.store = store;
    this.bus = bus;
    this.hashing = hashing;
    this.ruleBook = ruleBook;
    this.passwordIterations = passwordIterations;
  }

  /** {@code create}, then told to whoever listens for new rooms ({@code porthouse.rooms.created}: bridges). */
  Future<JsonObject> create(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    serverRulesUntouched(c);
    return make(c).onSuccess(made -> {
      JsonObject rules = ruleBook.effective(null, templates.of(c.room()).rulesWith(c.rules()));
      rules.remove("password");
      bus.publish(Addresses.ROOMS_CREATED, new RoomCreated(c.room(), rules).toJson());
    });
  }

  /** {@code rules}: a read (members, its creator), or changes by its creator or role owner, told to the members' nodes. */
  Future<JsonObject> rules(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    serverRulesUntouched(c);
    if (c.rules() == null) {
      return store.apply(c.room(), new ReadRules(c.socket(), c.client(), c.roles()))
          .map(reply -> shown(c.room(), reply.orThrow(RoomReply.Rules.class).rules()));
    }
    if (c.client() == null) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.UNAUTHORIZED, "authenticate before changing a room's rules"));
    }
    return changeRules(c, 3);
  }

  /** A room deleted by its creator or role owner (admin API): its members' nodes drop it. */
  Future<JsonObject> delete(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body);
    return store.apply(c.room(), new DeleteRoom(c.client(), c.roles())).compose(reply -> {
      RoomReply.Deleted r = reply.orThrow(RoomReply.Deleted.class);
      RoomEvents.closed(bus, c.room(), r.tell());
      JsonObject answer = new RoomAnswer.Deleted(c.room(), r.members()).toJson();
      return RoomRules.persistent(new JsonObject(r.rules()))
          ? bus.request(Addresses.ROOMS_PERSIST, new PersistRoom.Delete(c.room()).toJson()).map(stored -> answer)
          : Future.succeededFuture(answer);
    });
  }

  /** A room made by {@code create}: the rules of its name's template, changed by those the creator gave. */
  /** Where a room's events go is the operator's to say (its template), never a client's. */
  private static void serverRulesUntouched(RoomCommand c) {
    if (c.rules() != null && c.rules().containsKey("webhooks")) {
      throw PorthouseException.badRequest("rule 'webhooks' is set by the server's templates (config templates.<pattern>.events)");
    }
  }

  private Future<JsonObject> make(RoomCommand c) {
    JsonObject rules = ruleBook.effective(null, templates.of(c.room()).rulesWith(c.rules()));
    if (RoomRules.persistent(rules) && (c.client() == null || !c.roles().contains("owner"))) {
      return Future.failedFuture(PorthouseException.of(c.client() == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          "persistent rooms need role 'owner'"));
    }
    if (!CreateRoom.mayCreate(c.client(), c.roles())) { // before any hashing: the owner would refuse it anyway
      return Future.failedFuture(PorthouseException.of(c.client() == null ? ErrorCode.UNAUTHORIZED : ErrorCode.FORBIDDEN,
          c.client() == null ? "authenticate before creating rooms" : "creating rooms needs role 'primary' or 'owner'"));
    }
    Future<JsonObject> hashed = RoomRules.needsHashing(rules) ? hash(c.attemptsBy(), rules) : Future.succeededFuture(rules);
    if (RoomRules.persistent(rules)) { // the rooms verticle stores it, then makes it
      return hashed.compose(effective -> bus.<JsonObject>request(Addresses.ROOMS_PERSIST,
              new PersistRoom.Create(c, effective.encode(), RoomState.freshEpoch(), System.currentTimeMillis()).toJson()))
          .map(reply -> reply.body());
    }
    return hashed.compose(effective -> store.apply(c.room(),
            new CreateRoom(c.socket(), c.client(), c.roles(), effective.encode(), RoomState.freshEpoch(),
                System.currentTimeMillis()).inSpace(c.space())))
        .map(reply -> new RoomAnswer.Created(c.room(), reply.orThrow(RoomReply.Done.class).epoch()).toJson());
  }

  private Future<JsonObject> changeRules(RoomCommand c, int triesLeft) {
    // read as a change: only the room's creator (or role owner) gets past it, so nobody else makes the router hash
    return store.apply(c.room(), ReadRules.toChange(c.client(), c.roles())).compose(read -> {
      String current = read.orThrow(RoomReply.Rules.class).rules();
      JsonObject changed = ruleBook.effective(new JsonObject(current), c.rules());
      Future<JsonObject> effective = RoomRules.needsHashing(changed) ? hash(c.attemptsBy(), changed) : Future.succeededFuture(changed);
      return effective.compose(rules -> store.apply(c.room(), new ChangeRules(c.client(), c.roles(), current, rules.encode())));
    }).compose(reply -> {
      if (reply instanceof RoomReply.Refused refused && refused.code() == ErrorCode.CONFLICT && triesLeft > 1) {
        return changeRules(c, triesLeft - 1);
      }
      RoomReply.Rules r = reply.orThrow(RoomReply.Rules.class);
      JsonObject answer = shown(c.room(), r.rules());
      RoomEvents.rulesChanged(bus, c.room(), answer.getJsonObject("rules"), r.tell());
      if (!RoomRules.persistent(new JsonObject(r.rules()))) {
        return Future.succeededFuture(answer);
      }
      return bus.request(Addresses.ROOMS_PERSIST, new PersistRoom.Rules(c.room(), r.rules()).toJson())
          .map(stored -> answer);
    });
  }

  /** The password of {@code rules} replaced by its hash, computed in the hashing pool for {@code requester}. */
  private Future<JsonObject> hash(String requester, JsonObject rules) {
    return hashing.run(requester, () -> RoomRules.hashPassword(rules, passwordIterations));
  }

  private static JsonObject shown(String room, String rules) {
    return new RoomAnswer.Rules(room, RoomRules.shown(new JsonObject(rules))).toJson();
  }
}
