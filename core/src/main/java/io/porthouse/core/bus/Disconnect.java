package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A socket left rooms without a {@code leave} (it closed, or a join it made could not stand): sent
 * to {@link io.porthouse.core.Addresses#ROOMS_DISCONNECT}, no reply. Shape on the bus:
 * {@code {"socket","client","rooms":[…]}}; {@code client} may be absent.
 *
 * @param socket the socket's id
 * @param client its subject, or {@code null} if anonymous (presence rooms name it in their leave event)
 * @param rooms  the rooms it leaves
 */
public record Disconnect(String socket, String client, List<String> rooms) {

  public Disconnect {
    rooms = List.copyOf(rooms);
  }

  /** One room. */
  public static Disconnect of(String socket, String client, String room) {
    return new Disconnect(socket, client, List.of(room));
  }

  public JsonObject toJson() {
    return new JsonObject().put("socket", socket).put("client", client).put("rooms", new JsonArray(rooms));
  }

  public static Disconnect fromJson(JsonObject json) {
    List<String> rooms = new ArrayList<>();
    for (Object room : json.getJsonArray("rooms", new JsonArray())) {
      if (room instanceof String name) {
        rooms.add(name);
      }
    }
    return new Disconnect(json.getString("socket"), json.getString("client"), rooms);
  }
}
