package io.porthouse.core.bus;

import io.vertx.core.json.JsonObject;

/**
 * A page of a room's members, asked of {@link io.porthouse.core.Addresses#ROOMS_MEMBERS}: by a member
 * of a presence room ({@code members} op), by the admin API (role owner: any room), or by a
 * server-side member that wants only the nodes holding members. Shape on the bus:
 * {@code {"room","socket"?,"after"?,"admin"?,"nodes"?}}; answered a {@link MembersPage}
 * or, for {@code nodes}, {@link MemberNodes}.
 *
 * @param room   the room
 * @param socket the member asking, or {@code null} for the admin API
 * @param after  the last socket of the previous page, or {@code null} for the first
 * @param admin  asked by the admin API
 * @param nodes  only the nodes holding members
 */
public record MembersRead(String room, String socket, String after, boolean admin, boolean nodes) {

  /** A member's page after {@code after}. */
  public static MembersRead byMember(String room, String socket, String after) {
    return new MembersRead(room, socket, after, false, false);
  }

  /** The admin API's page after {@code after}. */
  public static MembersRead byAdmin(String room, String after) {
    return new MembersRead(room, null, after, true, false);
  }

  /** The nodes holding members, asked by member {@code socket}. */
  public static MembersRead nodesOf(String room, String socket) {
    return new MembersRead(room, socket, null, false, true);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("room", room);
    if (socket != null) {
      json.put("socket", socket);
    }
    if (after != null) {
      json.put("after", after);
    }
    if (admin) {
      json.put("admin", true);
    }
    if (nodes) {
      json.put("nodes", true);
    }
    return json;
  }

  public static MembersRead fromJson(JsonObject json) {
    return new MembersRead(json.getString("room"), json.getString("socket"), json.getString("after"),
        json.getBoolean("admin", false), json.getBoolean("nodes", false));
  }
}
