package io.porthouse.core.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a {@link MembersRead} for members: one page of a room's members (socket and
 * client of each, in join order), and whether more follow. Shape on the bus:
 * {@code {"room","members":[{"socket","client","info"?}],"more"}}.
 */
public record MembersPage(String room, List<Member> members, boolean more) {

  /** One member: its socket, its client ({@code null}: anonymous), and what the backend's join hook said of it ({@code null}: nothing). */
  public record Member(String socket, String client, JsonObject info) {

    public Member(String socket, String client) {
      this(socket, client, null);
    }
  }

  public MembersPage {
    members = List.copyOf(members);
  }

  public JsonArray membersJson() {
    JsonArray out = new JsonArray();
    members.forEach(m -> {
      JsonObject member = new JsonObject().put("socket", m.socket()).put("client", m.client());
      out.add(m.info() == null ? member : member.put("info", m.info()));
    });
    return out;
  }

  public JsonObject toJson() {
    return new JsonObject().put("room", room).put("members", membersJson()).put("more", more);
  }

  public static MembersPage fromJson(JsonObject json) {
    List<Member> members = new ArrayList<>();
    for (Object o : json.getJsonArray("members", new JsonArray())) {
      JsonObject m = (JsonObject) o;
      members.add(new Member(m.getString("socket"), m.getString("client"), m.getJsonObject("info")));
    }
    return new MembersPage(json.getString("room"), members, json.getBoolean("more", false));
  }
}
