package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.PersistRoom;
import io.porthouse.core.bus.RoomAnswer;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.rooms.db.RoomDatabase;
import io.porthouse.roomstate.CreateRoom;
import io.porthouse.roomstate.RestoreRoom;
import io.porthouse.roomstate.RoomReply;
import io.porthouse.roomstate.RoomState;
import io.porthouse.roomstate.store.RoomStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Persistent rooms, on the rooms verticle (the only one that reaches the database): at start the
 * schema is migrated and every stored room put back in room state ({@link RestoreRoom}), again
 * after partitions were lost; {@link Addresses#ROOMS_PERSIST} stores a new one (database first,
 * then room state, the row taken back if the name is taken there), changes its stored rules or
 * removes it. The database is never on the message path: only create, rule changes and delete
 * of persistent rooms wait on it.
 */
final class PersistentRooms {

  private static final Logger LOG = LoggerFactory.getLogger(PersistentRooms.class);
  private final RoomDatabase db;
  private final RoomStore store;
  private MessageConsumer<JsonObject> consumer;

  PersistentRooms(RoomDatabase db, RoomStore store) {
    this.db = db;
    this.store = store;
  }

  Future<Void> start(EventBus bus) {
    return db.migrate()
        .compose(v -> restoreAll())
        .compose(count -> {
          consumer = bus.consumer(Addresses.ROOMS_PERSIST, this::handle);
          return consumer.completion();
        });
  }

  /** Every stored room back in room state; answers how many there are. */
  Future<Integer> restoreAll() {
    return db.all().compose(rooms -> {
      List<Future<?>> restored = new ArrayList<>();
      for (RoomDatabase.Stored r : rooms) {
        restored.add(store.apply(r.name(), new RestoreRoom(r.rules(), r.owner(), r.createdAt(), RoomState.freshEpoch())));
      }
      return Future.all(restored).map(v -> {
        LOG.info("rooms: {} persistent rooms in room state", rooms.size());
        return rooms.size();
      });
    });
  }

  private void handle(Message<JsonObject> msg) {
    Future<JsonObject> done;
    try {
      PersistRoom change = PersistRoom.fromJson(msg.body());
      if (change instanceof PersistRoom.Create create) {
        done = create(create);
      } else if (change instanceof PersistRoom.Rules rules) {
        done = db.updateRules(rules.room(), rules.rules()).map(found -> new RoomAnswer.Stored(found).toJson());
      } else {
        done = db.delete(((PersistRoom.Delete) change).room()).map(found -> new RoomAnswer.Stored(found).toJson());
      }
    } catch (RuntimeException e) {
      done = Future.failedFuture(e);
    }
    done.onSuccess(msg::reply).onFailure(e -> {
      if (!(e instanceof PorthouseException)) {
        LOG.error("rooms: the database failed: {}", e.toString());
      }
      BusErrors.fail(msg, e instanceof PorthouseException ? e
          : PorthouseException.of(ErrorCode.INTERNAL, "the database failed; nothing was changed"));
    });
  }

  /** A persistent room: stored, then made. */
  private Future<JsonObject> create(PersistRoom.Create create) {
    RoomCommand c = create.command();
    if (!c.roles().contains("owner")) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "persistent rooms need role 'owner'"));
    }
    String rules = create.rules();
    long now = create.now();
    return db.insert(new RoomDatabase.Stored(c.room(), rules, c.client(), now))
        .compose(v -> store.apply(c.room(), new CreateRoom(c.socket(), c.client(), c.roles(), rules, create.epoch(), now)
            .inSpace(c.space())))
        .compose(reply -> {
          if (reply instanceof RoomReply.Refused refused) { // the name is a transient room's: take the row back
            return db.delete(c.room()).compose(x -> Future.failedFuture(refused.refusal()));
          }
          return Future.succeededFuture(new RoomAnswer.Created(c.room(), reply.orThrow(RoomReply.Done.class).epoch()).toJson());
        });
  }

  Future<Void> stop() {
    return (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).eventually(db::close);
  }
}
