package io.porthouse.it;

import io.porthouse.testing.Eventually;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attack family: posting (HTTP POST, UDP) where a join is refused. A post needs no membership, so
 * it used to skip a room's access rules: a user that a password room and a {@code clients}-only
 * room refuse posted into both (202, members received it). Now a post passes the rules a join
 * would (a room with a password or one-time codes takes none but its owner's) and the send rules,
 * with the poster's roles, and a room's {@code rate} holds per posting client; members receive
 * nothing refused.
 */
class PostIntoClosedRoomTest {

  private static final long HEAP_BOUND = 16L << 20;

  @TempDir
  Path work;

  @Test
  void aPostPassesTheAccessAndSendRulesAJoinAndASendWould() throws Exception {
    int udp = io.porthouse.testing.Ports.freeUdpPort();
    try (AttackedNode node = AttackedNode.start(work, "posts", Map.of("PORTHOUSE_UDP_PORT", String.valueOf(udp)));
         ControlChat control = node.control();
         WsTestClient alice = node.as("alice", "primary");
         WsTestClient bob = node.as("bob", "staff")) {
      long before = node.heapAfterGc();
      create(alice, "vault", new JsonObject().put("password", "open sesame"));
      create(alice, "listed", new JsonObject().put("clients", new JsonArray().add("bob")));
      create(alice, "staff", new JsonObject().put("roles", new JsonArray().add("staff")).put("rate", 1).put("burst", 2));
      assertThat(bob.request(new JsonObject().put("op", "join").put("room", "vault").put("password", "open sesame"), 1)
          .getString("op")).isEqualTo("joined");
      for (String room : new String[] {"listed", "staff"}) {
        assertThat(bob.request(new JsonObject().put("op", "join").put("room", room), room).getString("op")).isEqualTo("joined");
      }
      String mallory = node.tokens().token("mallory");
      for (String room : new String[] {"vault", "listed", "staff"}) {
        Posts.Answer refused = Posts.postJson(node.port(), room, "{\"text\":\"let me in\"}", mallory);
        assertThat(refused.status()).as(room + ": " + refused.body()).isEqualTo(403);
        assertThat(refused.json().getString("code")).isEqualTo("forbidden");
        Posts.datagram(udp, room, "let me in", mallory);
      }
      Eventually.until("every refused datagram counted", Duration.ofSeconds(10), () ->
          node.clients() != null && Posts.http(node.port(), "GET", "/status", null, null).json().getJsonObject("udp")
              .getJsonObject("dropped").getLong("forbidden", 0L) == 3);

      // who may enter may post: the room's creator into its password room, a staff client into the staff room
      assertThat(Posts.postJson(node.port(), "vault", "{\"text\":\"from the owner\"}", node.tokens().token("alice")).status())
          .isEqualTo(202);
      assertThat(bob.next(f -> "msg".equals(f.getString("op")) && "vault".equals(f.getString("room")))
          .getJsonObject("data").getString("text")).as("nothing refused came first").isEqualTo("from the owner");
      String carol = node.tokens().token("carol", "staff");
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        statuses.add(Posts.postJson(node.port(), "staff", "{\"n\":" + i + "}", carol).status());
      }
      assertThat(statuses.subList(0, 2)).as("rule rate (1/s, burst 2) holds per posting client: " + statuses)
          .containsExactly(202, 202);
      assertThat(statuses.subList(2, 6).stream().filter(st -> st == 429).count()).as("then refused: " + statuses)
          .isGreaterThanOrEqualTo(3);
      assertThat(bob.next(f -> "msg".equals(f.getString("op")) && "staff".equals(f.getString("room")))
          .getJsonObject("data").getInteger("n")).as("no refused post reached the room").isEqualTo(0);
      assertThat(bob.next(f -> "msg".equals(f.getString("op")) && "staff".equals(f.getString("room")))
          .getJsonObject("data").getInteger("n")).isEqualTo(1);
      Posts.Answer listed = Posts.postJson(node.port(), "listed", "{\"text\":\"bob posts\"}", node.tokens().token("bob"));
      assertThat(listed.status()).isEqualTo(202);
      assertThat(bob.next(f -> "msg".equals(f.getString("op")) && "listed".equals(f.getString("room")))
          .getJsonObject("data").getString("text")).as("nothing refused came first").isEqualTo("bob posts");

      control.assertServed();
      node.assertHeapWithin(before, HEAP_BOUND, "posts into closed rooms");
    }
  }

  private static void create(WsTestClient owner, String room, JsonObject rules) {
    assertThat(owner.request(new JsonObject().put("op", "create").put("room", room).put("rules", rules), "c-" + room)
        .getString("op")).isEqualTo("created");
  }
}
