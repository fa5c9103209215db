package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A public endpoint: a path ({@code /e/<name>}) or a host name through which clients reach only
 * {@code owner}'s rooms, optionally one {@code room} alone. Kept by the rooms verticle, used by every
 * ingress. Shape on the bus: {@code {"name","host"?,"room"?,"owner"}}; a list of them (the answer
 * to an {@link EndpointsRequest}, and {@link io.porthouse.core.Addresses#ENDPOINTS_CHANGED}):
 * {@code {"endpoints":[…]}}.
 */
public record Endpoint(String name, String host, String room, String owner) {

  public JsonObject toJson() {
    return new JsonObject().put("name", name).put("host", host).put("room", room).put("owner", owner);
  }

  public static Endpoint fromJson(JsonObject json) {
    return new Endpoint(json.getString("name"), json.getString("host"), json.getString("room"), json.getString("owner"));
  }

  public static JsonObject listToJson(List<Endpoint> endpoints) {
    return new JsonObject().put("endpoints", new JsonArray(endpoints.stream().map(Endpoint::toJson).toList()));
  }

  public static List<Endpoint> listFromJson(JsonObject json) {
    List<Endpoint> out = new ArrayList<>();
    for (Object o : json.getJsonArray("endpoints", new JsonArray())) {
      out.add(fromJson((JsonObject) o));
    }
    return out;
  }
}
