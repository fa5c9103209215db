package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A request for a page of rooms, to {@link io.porthouse.core.Addresses#ROOMS_LIST}: the rooms the
 * asker may see (public ones, the ones its client created, {@code mine}: the ones its socket is in,
 * the ones whose access rules name it), sorted by name, after {@code after}; {@code all} (role
 * {@code owner} only): every room, with its seq. Answered a {@link RoomsPage}. Shape on the bus:
 * the command's fields and {@code "mine":[…],"after"?,"all"?}.
 */
public record RoomsList(RoomCommand asker, List<String> mine, String after, boolean all) {

  public RoomsList {
    mine = List.copyOf(mine);
  }

  @SuppressWarnings("unchecked")
  public static RoomsList fromJson(JsonObject json) {
    return new RoomsList(RoomCommand.fromJson(json), json.getJsonArray("mine", new JsonArray()).getList(),
        json.getString("after"), json.getBoolean("all", false));
  }

  public JsonObject toJson() {
    JsonObject json = asker.toJson().put("mine", new JsonArray(mine)).put("after", after);
    return all ? json.put("all", true) : json;
  }
}
