package io.porthouse.rooms;

import io.porthouse.core.Addresses;
import io.porthouse.core.bus.BusErrors;
import io.porthouse.core.bus.Endpoint;
import io.porthouse.core.bus.EndpointsRequest;
import io.porthouse.core.protocol.ErrorCode;
import io.porthouse.core.protocol.PorthouseException;
import io.porthouse.core.protocol.RoomNames;
import io.porthouse.rooms.db.RoomDatabase;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * Public endpoints, kept in the database by the rooms verticle ({@link Addresses#ENDPOINTS}):
 * listed, created and deleted there, and after each change the whole list is published
 * ({@link Addresses#ENDPOINTS_CHANGED}) so every ingress node uses it at once, without restart.
 */
final class EndpointRegistry {

  private final RoomDatabase db;
  private EventBus bus;
  private MessageConsumer<JsonObject> consumer;

  EndpointRegistry(RoomDatabase db) {
    this.db = db;
  }

  Future<Void> start(EventBus eventBus) {
    bus = eventBus;
    consumer = bus.consumer(Addresses.ENDPOINTS, this::handle);
    return consumer.completion();
  }

  private void handle(Message<JsonObject> msg) {
    Future<?> change;
    boolean changed = false;
    try {
      EndpointsRequest request = EndpointsRequest.fromJson(msg.body());
      if (request instanceof EndpointsRequest.Create create) {
        change = db.insertEndpoint(valid(create.endpoint()), System.currentTimeMillis());
        changed = true;
      } else if (request instanceof EndpointsRequest.Delete delete) {
        change = db.deleteEndpoint(delete.name(), delete.owner()).compose(found -> found ? Future.succeededFuture()
            : Future.failedFuture(PorthouseException.of(ErrorCode.NOT_FOUND, "no endpoint '" + delete.name() + "' of yours")));
        changed = true;
      } else {
        change = Future.succeededFuture();
      }
    } catch (PorthouseException e) {
      change = Future.failedFuture(e);
    }
    boolean publish = changed;
    change.compose(v -> db.endpoints()).onSuccess(all -> {
      JsonObject list = Endpoint.listToJson(all);
      if (publish) {
        bus.publish(Addresses.ENDPOINTS_CHANGED, list);
      }
      msg.reply(list);
    }).onFailure(e -> BusErrors.fail(msg, e));
  }

  /** An endpoint as given: a name of letters, digits, '-', '_', '.'; a host name (lower-cased, no port) or none; a valid room name or none. */
  static Endpoint valid(JsonObject e) {
    Object name = e.getValue("name");
    if (!(name instanceof String n) || !n.matches("[A-Za-z0-9._-]{1,64}")) {
      throw PorthouseException.badRequest("endpoint 'name' must be 1 to 64 letters, digits, '.', '_' or '-'");
    }
    Object host = e.getValue("host");
    String h = null;
    if (host != null) {
      if (!(host instanceof String s) || !s.toLowerCase(Locale.ROOT).matches("[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*")
          || s.length() > 253) {
        throw PorthouseException.badRequest("endpoint 'host' must be a host name (letters, digits, '-', dots; no port)");
      }
      h = s.toLowerCase(Locale.ROOT);
    }
    Object room = e.getValue("room");
    if (room != null && !(room instanceof String)) {
      throw PorthouseException.badRequest("endpoint 'room' must be a room name");
    }
    if (room != null) {
      RoomNames.check((String) room);
    }
    String owner = e.getString("owner");
    if (owner == null) {
      throw PorthouseException.badRequest("an endpoint needs an owner");
    }
    for (String field : e.fieldNames()) {
      if (!List.of("name", "host", "room", "owner").contains(field)) {
        throw PorthouseException.badRequest("unknown endpoint field '" + field + "' (name, host, room)");
      }
    }
    return new Endpoint((String) name, h, (String) room, owner);
  }

  Future<Void> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
