package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.RoomCommand;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.rooms.db.RoomDatabase;
import io.porthouse.roomstate.CreateRoom;
import io.porthouse.roomstate.RestoreRoom;
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
    JsonObject body = msg.body();
    Future<JsonObject> done;
    try {
      done = switch (String.valueOf(body.getString("action"))) {
        case "create" -> create(body);
        case "rules" -> db.updateRules(body.getString("room"), body.getString("rules"))
            .map(found -> new JsonObject().put("stored", found));
        case "delete" -> db.delete(body.getString("room")).map(found -> new JsonObject().put("stored", found));
        default -> Future.failedFuture(PorthouseException.badRequest("unknown persist action"));
      };
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

  /** {@code {"action":"create","command":RoomCommand,"rules":text,"epoch","now"}}: stored, then made. */
  private Future<JsonObject> create(JsonObject body) {
    RoomCommand c = RoomCommand.fromJson(body.getJsonObject("command"));
    if (!c.roles().contains("owner")) {
      return Future.failedFuture(PorthouseException.of(ErrorCode.FORBIDDEN, "persistent rooms need role 'owner'"));
    }
    String rules = body.getString("rules");
    long now = body.getLong("now");
    return db.insert(new RoomDatabase.Stored(c.room(), rules, c.client(), now))
        .compose(v -> store.apply(c.room(), new CreateRoom(c.socket(), c.client(), c.roles(), rules, body.getString("epoch"), now)
            .inSpace(c.space())))
        .compose(reply -> {
          if (reply.refused()) { // the name is a transient room's: take the row back
            return db.delete(c.room()).compose(x -> Future.failedFuture(reply.refusal()));
          }
          return Future.succeededFuture(new JsonObject().put("room", c.room()).put("epoch", reply.epoch()));
        });
  }

  Future<Void> stop() {
    return (consumer == null ? Future.<Void>succeededFuture() : consumer.unregister()).eventually(db::close);
  }
}
