package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Posts;
import io.porthouse.testing.Posts.Answer;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API over real HTTP: owners list, create, read, change and delete rooms; bad input changes nothing. */
class AdminApiTest {

  private static EmbeddedFixture porthouse;
  private static String owner;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
    owner = porthouse.tokens().token("root", "owner");
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static Answer http(String method, String path, String json, String token) {
    return Posts.http(porthouse.port(), method, path, json, token);
  }

  @Test
  void ownersCreateReadChangeListAndDeleteRoomsAndMembersAreToldWhenTheirRoomCloses() {
    String room = "admin-" + UUID.randomUUID();
    Answer created = http("POST", "/admin/rooms", new JsonObject().put("name", room)
        .put("rules", new JsonObject().put("maxMembers", 3)).encode(), owner);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getString("room")).isEqualTo(room);
    assertThat(http("POST", "/admin/rooms", new JsonObject().put("name", room).encode(), owner).status()).isEqualTo(409);

    Answer read = http("GET", "/admin/rooms/" + room, null, owner);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonObject("rules").getInteger("maxMembers")).isEqualTo(3);

    Answer changed = http("PATCH", "/admin/rooms/" + room, new JsonObject().put("rules", new JsonObject().put("public", true)).encode(), owner);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(changed.json().getJsonObject("rules").getBoolean("public")).isTrue();

    try (WsTestClient bob = porthouse.as("bob")) {
      assertThat(bob.request(new JsonObject().put("op", "join").put("room", room), 1).getString("op")).isEqualTo("joined");
      for (int i = 0; i < 3; i++) {
        assertThat(bob.request(new JsonObject().put("op", "send").put("room", room).put("data", i), "s" + i).getString("op"))
            .isEqualTo("ack");
      }
      Answer listed = http("GET", "/admin/rooms", null, owner);
      JsonArray rooms = listed.json().getJsonArray("rooms");
      assertThat(rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("name").equals(room)).findFirst())
          .as("members, and the last seq (the console's message rate)")
          .hasValueSatisfying(r -> assertThat(r).isEqualTo(new JsonObject().put("name", room).put("type", "transient")
              .put("members", 1).put("seq", 3)));
      assertThat(bob.request(new JsonObject().put("op", "rooms"), "r").getJsonArray("rooms"))
          .as("a socket's list has no seq").contains(new JsonObject().put("name", room).put("type", "transient").put("members", 1));

      Answer deleted = http("DELETE", "/admin/rooms/" + room, null, owner);
      assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
      assertThat(deleted.json().getInteger("members")).isEqualTo(1);
      assertThat(bob.next("closed")).isEqualTo(new JsonObject().put("op", "closed").put("room", room));
      assertThat(bob.request(new JsonObject().put("op", "send").put("room", room).put("data", 1), 2).getString("code"))
          .as("the room is gone").isEqualTo("not_found");
      assertThat(bob.request(new JsonObject().put("op", "rooms"), 3).getJsonArray("rooms").stream()
          .map(r -> ((JsonObject) r).getString("name"))).as("and not the socket's any more").doesNotContain(room);
    }
    assertThat(http("GET", "/admin/rooms/" + room, null, owner).status()).isEqualTo(404);
  }

  @Test
  void onlyOwnersGetInAndBadInputGetsAClearErrorAndChangesNothing() {
    String room = "admin-" + UUID.randomUUID();
    String body = new JsonObject().put("name", room).encode();
    assertThat(http("POST", "/admin/rooms", body, null).status()).isEqualTo(401);
    assertThat(http("POST", "/admin/rooms", body, "not-a-token").status()).isEqualTo(401);
    assertThat(http("POST", "/admin/rooms", body, porthouse.tokens().token("bob", "primary")).status()).isEqualTo(403);

    Answer notJson = http("POST", "/admin/rooms", "{name:", owner);
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().getString("code")).isEqualTo("bad_request");
    assertThat(http("POST", "/admin/rooms", "[1]", owner).status()).isEqualTo(400);
    assertThat(http("POST", "/admin/rooms", new JsonObject().put("name", 5).encode(), owner).status()).isEqualTo(400);
    Answer unknownField = http("POST", "/admin/rooms", new JsonObject().put("name", room).put("nmae", "x").encode(), owner);
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(unknownField.json().getString("message")).contains("nmae");
    Answer unknownRule = http("POST", "/admin/rooms", new JsonObject().put("name", room)
        .put("rules", new JsonObject().put("maxMembrs", 2)).encode(), owner);
    assertThat(unknownRule.status()).isEqualTo(400);
    assertThat(unknownRule.json().getString("message")).contains("maxMembrs");
    assertThat(http("POST", "/admin/rooms", new JsonObject().put("name", room).put("rules", "open").encode(), owner).status())
        .isEqualTo(400);
    assertThat(http("POST", "/admin/rooms", new JsonObject().put("name", "a\u202Eb").encode(), owner).status()).isEqualTo(400);
    Answer huge = http("POST", "/admin/rooms", new JsonObject().put("name", room).put("rules",
        new JsonObject().put("clients", new JsonArray().add("x".repeat(70_000)))).encode(), owner);
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().getString("code")).isEqualTo("too_large");
    assertThat(http("GET", "/admin/rooms/" + room, null, owner).status()).as("nothing was made").isEqualTo(404);

    assertThat(http("POST", "/admin/rooms", body, owner).status()).isEqualTo(201);
    assertThat(http("PATCH", "/admin/rooms/" + room, new JsonObject().put("rules", new JsonObject().put("maxMembers", -1)).encode(),
        owner).status()).isEqualTo(400);
    assertThat(http("PATCH", "/admin/rooms/" + room, new JsonObject().encode(), owner).status()).isEqualTo(400);
    assertThat(http("GET", "/admin/rooms/" + room, null, owner).json().getJsonObject("rules").getInteger("maxMembers"))
        .as("unchanged").isEqualTo(100000);
    assertThat(http("PUT", "/admin/rooms/" + room, "{}", owner).status()).isEqualTo(404);
    assertThat(http("DELETE", "/admin/rooms/no-such-" + UUID.randomUUID(), null, owner).status()).isEqualTo(404);
  }

  @Test
  void ownersListAnyRoomsMembersAndKickASocketBackToTheLobby() {
    String room = "kick-" + UUID.randomUUID();
    assertThat(http("POST", "/admin/rooms", new JsonObject().put("name", room).encode(), owner).status()).isEqualTo(201);
    try (WsTestClient bob = porthouse.as("bob"); WsTestClient alice = porthouse.as("alice")) {
      bob.request(new JsonObject().put("op", "join").put("room", room), 1);
      alice.request(new JsonObject().put("op", "join").put("room", room), 1); // keeps the room after bob goes
      Answer members = http("GET", "/admin/rooms/" + room + "/members", null, owner);
      assertThat(members.status()).as(members.body()).isEqualTo(200);
      assertThat(members.json().getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("client")))
          .containsExactlyInAnyOrder("bob", "alice");
      String socket = bob.socketId();
      assertThat(http("POST", "/admin/sockets/" + socket + "/kick", null, porthouse.tokens().token("eve")).status())
          .isEqualTo(403);
      Answer kicked = http("POST", "/admin/sockets/" + socket + "/kick", null, owner);
      assertThat(kicked.status()).as(kicked.body()).isEqualTo(201);
      JsonObject moved = bob.next("moved");
      assertThat(moved.getValue("room")).isNull();
      assertThat(bob.request(new JsonObject().put("op", "send").put("room", room).put("data", 1), 2).getString("code"))
          .as("out of the room").isEqualTo("forbidden");
      assertThat(http("GET", "/admin/rooms/" + room + "/members", null, owner).json().getJsonArray("members").stream()
          .map(m -> ((JsonObject) m).getString("client"))).containsExactly("alice");
      assertThat(http("POST", "/admin/sockets/nosuchnode.1/kick", null, owner).status()).isEqualTo(404);
    }
  }
}
