package io.porthouse.core.bus;

import io.porthouse.core.protocol.PorthouseException;
import io.vertx.core.json.JsonObject;

/**
 * A change to a persistent room, sent to {@link io.porthouse.core.Addresses#ROOMS_PERSIST}: the rooms
 * verticle stores it in the database (and makes a created room). Shape on the bus:
 * {@code {"action":"create"|"rules"|"delete",…}}.
 */
public sealed interface PersistRoom {

  /** A persistent room to store, then make: {@code {"action":"create","command","rules","epoch","now"}}; answered {@code {"room","epoch"}}. */
  record Create(RoomCommand command, String rules, String epoch, long now) implements PersistRoom {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "create").put("command", command.toJson()).put("rules", rules)
          .put("epoch", epoch).put("now", now);
    }
  }

  /** New rules of a persistent room: {@code {"action":"rules","room","rules"}}; answered {@code {"stored":found}}. */
  record Rules(String room, String rules) implements PersistRoom {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "rules").put("room", room).put("rules", rules);
    }
  }

  /** A persistent room deleted: {@code {"action":"delete","room"}}; answered {@code {"stored":found}}. */
  record Delete(String room) implements PersistRoom {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("action", "delete").put("room", room);
    }
  }

  JsonObject toJson();

  /** The change {@code json} carries; an unknown action is a {@code bad_request}. */
  static PersistRoom fromJson(JsonObject json) {
    String action = String.valueOf(json.getString("action"));
    return switch (action) {
      case "create" -> new Create(RoomCommand.fromJson(json.getJsonObject("command")), json.getString("rules"),
          json.getString("epoch"), json.getLong("now"));
      case "rules" -> new Rules(json.getString("room"), json.getString("rules"));
      case "delete" -> new Delete(json.getString("room"));
      default -> throw PorthouseException.badRequest("unknown persist action");
    };
  }
}
