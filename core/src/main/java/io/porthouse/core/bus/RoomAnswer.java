package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * The answers of the room commands that are not pages nor joins (those are {@link JoinAnswer},
 * {@link MembersPage}, {@link MemberNodes}, {@link RoomsPage}, {@link HistoryPage}), one record each,
 * with its shape on the bus.
 */
public sealed interface RoomAnswer {

  JsonObject toJson();

  /** A room made (a {@code create}, or a persistent room stored and made): {@code {"room","epoch"}}. */
  record Created(String room, String epoch) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("epoch", epoch);
    }
  }

  /** A room's rules read or changed, as clients see them (a password as {@code true}): {@code {"room","rules":{…}}}. */
  record Rules(String room, JsonObject rules) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("rules", rules);
    }

    public static Rules fromJson(JsonObject json) {
      return new Rules(json.getString("room"), json.getJsonObject("rules"));
    }
  }

  /** A room deleted, and how many members it had: {@code {"room","members"}}. */
  record Deleted(String room, int members) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room).put("members", members);
    }
  }

  /** A member left: {@code {"room"}}. */
  record Left(String room) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("room", room);
    }
  }

  /** A departed node's members dropped from every room: {@code {"dropped":n}}. */
  record Dropped(int dropped) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("dropped", dropped);
    }
  }

  /** A persistent room's row changed ({@code stored}: it was there): {@code {"stored"}}. */
  record Stored(boolean stored) implements RoomAnswer {
    @Override
    public JsonObject toJson() {
      return new JsonObject().put("stored", stored);
    }
  }
}
