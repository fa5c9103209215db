package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A socket's request about one room (create, join, leave, admit). Shape on the bus:
 * {@code {"room","socket","node","client","roles":[…],"rules":{…},"space":owner}}; {@code client},
 * {@code rules} and {@code space} may be absent.
 *
 * @param room   room name
 * @param socket id of the socket asking
 * @param node   id of the ingress node holding that socket
 * @param client the socket's subject, or {@code null} if anonymous
 * @param roles  the socket's roles (empty if anonymous)
 * @param rules  room rules ({@code create} only), or {@code null}
 * @param space  the owner whose space the socket came in by (a host or path endpoint): only that
 *               owner's rooms exist for it; {@code null}: the whole server
 */
public record RoomCommand(String room, String socket, String node, String client, List<String> roles,
                          JsonObject rules, String space) {

  public RoomCommand(String room, String socket, String node, String client, List<String> roles, JsonObject rules) {
    this(room, socket, node, client, roles, rules, null);
  }

  public RoomCommand {
    roles = roles == null ? List.of() : List.copyOf(roles);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room).put("socket", socket).put("node", node)
        .put("client", client).put("roles", new JsonArray(roles));
    if (rules != null) {
      json.put("rules", rules);
    }
    if (space != null) {
      json.put("space", space);
    }
    return json;
  }

  @SuppressWarnings("unchecked")
  public static RoomCommand fromJson(JsonObject json) {
    return new RoomCommand(json.getString("room"), json.getString("socket"), json.getString("node"),
        json.getString("client"), json.getJsonArray("roles", new JsonArray()).getList(), json.getJsonObject("rules"),
        json.getString("space"));
  }
}
