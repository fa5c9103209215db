package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

import java.io.Serializable;

/**
 * One line of a room list; {@code seq}, the room's last seq, only for the admin API's listing
 * (an operator's message rate per room), -1 elsewhere and then left out.
 */
public record RoomSummary(String name, String type, int members, long seq) implements Serializable {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("name", name).put("type", type).put("members", members);
    return seq < 0 ? json : json.put("seq", seq);
  }

  public static RoomSummary fromJson(JsonObject json) {
    return new RoomSummary(json.getString("name"), json.getString("type"), json.getInteger("members", 0),
        json.getLong("seq", -1L));
  }
}
