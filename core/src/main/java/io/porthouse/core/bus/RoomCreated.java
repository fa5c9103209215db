package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A room was made in this cluster, published on {@link io.porthouse.core.Addresses#ROOMS_CREATED}
 * (bridges carry new rooms of their patterns and mesh rooms). Shape on the bus:
 * {@code {"room","rules"}}.
 *
 * @param room  the room
 * @param rules its effective rules, without the password
 */
public record RoomCreated(String room, JsonObject rules) {

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("rules", rules);
  }

  public static RoomCreated fromJson(JsonObject json) {
    return new RoomCreated(json.getString("room"), json.getJsonObject("rules", new JsonObject()));
  }
}
