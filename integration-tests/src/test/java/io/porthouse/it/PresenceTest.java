package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule {@code presence} over real WebSocket connections: join and leave events, closes, the paged member list. */
class PresenceTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("presence", new JsonObject().put("pageSize", 2)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void membersHearOfJoinsAndOfLeavesWhenASocketLeavesOrClosesOnceEach() {
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      String room = "presence-" + UUID.randomUUID();
      alice.request(op("create", room).put("rules", new JsonObject().put("presence", true)), "c");
      alice.request(op("join", room), "j");
      WsTestClient bob = porthouse.as("bob");
      bob.request(op("join", room), "j");
      bob.request(op("join", room), "j-again"); // a member already: no second join event
      JsonObject joined = alice.next("presence");
      assertThat(joined).isEqualTo(new JsonObject().put("op", "presence").put("room", room).put("event", "join")
          .put("socket", bob.socketId()).put("client", "bob"));
      bob.close();
      JsonObject left = alice.next("presence");
      assertThat(left.getString("event")).isEqualTo("leave");
      assertThat(left.getString("socket")).isEqualTo(bob.socketId());
      try (WsTestClient carol = porthouse.anonymous()) {
        carol.request(op("join", room), "j");
        assertThat(alice.next("presence").getValue("client")).as("anonymous").isNull();
        carol.request(op("leave", room), "l");
        assertThat(alice.next("presence").getString("event")).isEqualTo("leave");
      }
      alice.request(op("ping", room), "p");
      assertThat(alice.pending()).noneMatch(f -> "presence".equals(f.getString("op")));
    }
  }

  @Test
  void membersAreListedInJoinOrderAPageAtATimeForMembersOfPresenceRoomsOnly() {
    try (WsTestClient a = porthouse.as("a", "primary"); WsTestClient b = porthouse.as("b"); WsTestClient c = porthouse.as("c");
         WsTestClient outsider = porthouse.as("d")) {
      String room = "presence-" + UUID.randomUUID();
      a.request(op("create", room).put("rules", new JsonObject().put("presence", true)), "c");
      for (WsTestClient m : List.of(a, b, c)) {
        m.request(op("join", room), "j");
      }
      List<String> clients = new ArrayList<>();
      JsonObject page = a.request(op("members", room), "m1");
      page.getJsonArray("members").forEach(m -> clients.add(((JsonObject) m).getString("client")));
      assertThat(page.getBoolean("more")).isTrue();
      String last = page.getJsonArray("members").getJsonObject(1).getString("socket");
      JsonObject next = a.request(op("members", room).put("after", last), "m2");
      next.getJsonArray("members").forEach(m -> clients.add(((JsonObject) m).getString("client")));
      assertThat(next.getBoolean("more")).isFalse();
      assertThat(clients).containsExactly("a", "b", "c");
      assertThat(outsider.request(op("members", room), "m").getString("code")).isEqualTo("forbidden");

      String plain = "plain-" + UUID.randomUUID();
      a.request(op("create", plain), "c2");
      a.request(op("join", plain), "j2");
      assertThat(a.request(op("members", plain), "m3").getString("message")).contains("presence");
    }
  }
}
