package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The answer to a {@link RoomsList}: one page of rooms, and whether more follow. Shape on the bus: {@code {"rooms":[…],"more"}}. */
public record RoomsPage(List<RoomSummary> rooms, boolean more) {

  public RoomsPage {
    rooms = List.copyOf(rooms);
  }

  public JsonArray roomsJson() {
    return new JsonArray(rooms.stream().map(RoomSummary::toJson).toList());
  }

  public JsonObject toJson() {
    return new JsonObject().put("rooms", roomsJson()).put("more", more);
  }

  public static RoomsPage fromJson(JsonObject json) {
    List<RoomSummary> rooms = new ArrayList<>();
    for (Object r : json.getJsonArray("rooms", new JsonArray())) {
      rooms.add(RoomSummary.fromJson((JsonObject) r));
    }
    return new RoomsPage(rooms, json.getBoolean("more", false));
  }
}
