package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/** The answer to a {@link MembersRead} for nodes: the nodes holding members of a room. Shape on the bus: {@code {"room","nodes":[…]}}. */
public record MemberNodes(String room, List<String> nodes) {

  public MemberNodes {
    nodes = List.copyOf(nodes);
  }

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("nodes", new JsonArray(nodes));
  }

  public static MemberNodes fromJson(JsonObject json) {
    List<String> nodes = new ArrayList<>();
    json.getJsonArray("nodes", new JsonArray()).forEach(n -> nodes.add((String) n));
    return new MemberNodes(json.getString("room"), nodes);
  }
}
