package io.porthouse.rooms.store;

import io.vertx.core.json.JsonObject;

import java.io.Serializable;

/** One line of a room list. */
public record RoomSummary(String name, String type, int members) implements Serializable {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("type", type).put("members", members);
  }
}
