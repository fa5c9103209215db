package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A socket's request about one room (create, join, leave, admit). Shape on the bus:
 * {@code {"room","socket","node","client","roles":[…],"rules":{…},"space":owner,"address":a}}; {@code client},
 * {@code rules}, {@code space} and {@code address} may be absent.
 *
 * @param room   room name
 * @param socket id of the socket asking
 * @param node   id of the ingress node holding that socket
 * @param client the socket's subject, or {@code null} if anonymous
 * @param roles  the socket's roles (empty if anonymous)
 * @param rules  room rules ({@code create} only), or {@code null}
 * @param space  the owner whose space the socket came in by (a host or path endpoint): only that
 *               owner's rooms exist for it; {@code null}: the whole server
 * @param address where the socket connects from (an IPv6 address as its /64), which anonymous
 *               sockets' failed attempts are counted by; {@code null} for the server's own sockets
 */
public record RoomCommand(String room, String socket, String node, String client, List<String> roles,
                          JsonObject rules, String space, String address) {

  public RoomCommand(String room, String socket, String node, String client, List<String> roles, JsonObject rules) {
    this(room, socket, node, client, roles, rules, null, null);
  }

  public RoomCommand(String room, String socket, String node, String client, List<String> roles, JsonObject rules,
                     String space) {
    this(room, socket, node, client, roles, rules, space, null);
  }

  /**
   * Who the room counts failed attempts of this request by: its client, else its address (a
   * reconnect does not start afresh), else its socket.
   */
  public String attemptsBy() {
    return client != null ? "c:" + client : address != null ? "a:" + address : "s:" + socket;
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
    if (address != null) {
      json.put("address", address);
    }
    return json;
  }

  @SuppressWarnings("unchecked")
  public static RoomCommand fromJson(JsonObject json) {
    return new RoomCommand(json.getString("room"), json.getString("socket"), json.getString("node"),
        json.getString("client"), json.getJsonArray("roles", new JsonArray()).getList(), json.getJsonObject("rules"),
        json.getString("space"), json.getString("address"));
  }
}
