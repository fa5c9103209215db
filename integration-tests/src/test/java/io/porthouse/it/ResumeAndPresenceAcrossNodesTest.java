package io.porthouse.it;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Hazelcast cluster in this JVM: two rooms nodes (each room has a synchronous backup on the
 * other) and two ingress nodes. A socket that comes back on the other ingress resumes, also after
 * the room's sequencer was killed; presence events reach members on every node, once, including the
 * leaves of a node that died.
 */
class ResumeAndPresenceAcrossNodesTest {

  private ClusterFixture cluster;
  private Vertx clients;
  private Tokens tokens;

  @BeforeEach
  void start() {
    cluster = new ClusterFixture(EmbeddedFixture.config(new JsonObject()).json());
    clients = Vertx.vertx();
    tokens = new Tokens(clients, cluster.config());
  }

  @AfterEach
  void stop() {
    cluster.close();
    WsTestClient.await(clients.close());
  }

  private WsTestClient on(Porthouse node, String sub, String... roles) {
    return WsTestClient.connectWithToken(clients, node.httpPort(), tokens.token(sub, roles));
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void aSocketResumesOnTheOtherIngressAfterTheRoomsOwnerWasKilled() {
    List<Porthouse> roomsNodes = new ArrayList<>(List.of(cluster.start("rooms"), cluster.start("rooms")));
    Porthouse a = cluster.start("auth", "ingress");
    Porthouse b = cluster.start("auth", "ingress");
    String room = "resume-" + UUID.randomUUID();
    try (WsTestClient owner = on(a, "owner", "primary")) {
      owner.request(op("create", room), "c");
      owner.request(op("join", room), "j");
      String epoch;
      long lastSeen;
      try (WsTestClient reader = on(a, "reader")) {
        epoch = reader.request(op("join", room), "j").getString("epoch");
        owner.request(op("send", room).put("data", "before"), "s1");
        lastSeen = reader.next("msg").getLong("seq");
      }
      owner.request(op("send", room).put("data", "missed 1"), "s2");
      owner.request(op("send", room).put("data", "missed 2"), "s3");
      cluster.kill(ClusterFixture.ownerOf(room, roomsNodes)); // its backup takes over, history with it
      try (WsTestClient back = on(b, "reader")) {
        JsonObject joined = back.request(op("join", room).put("since", lastSeen).put("epoch", epoch), "r");
        assertThat(joined.getBoolean("recovered")).isTrue();
        assertThat(joined.getString("epoch")).isEqualTo(epoch);
        assertThat(back.next("msg").getString("data")).isEqualTo("missed 1");
        assertThat(back.next("msg").getString("data")).isEqualTo("missed 2");
        owner.request(op("send", room).put("data", "live"), "s4");
        JsonObject live = back.next("msg");
        assertThat(live.getString("data")).isEqualTo("live");
        assertThat(live.getLong("seq")).isEqualTo(lastSeen + 3);
      }
    }
  }

  @Test
  void presenceEventsReachEveryNodeOnceAndANodesDeathIsTold() {
    cluster.start("auth", "rooms");
    Porthouse a = cluster.start("ingress");
    Porthouse b = cluster.start("ingress");
    String room = "presence-" + UUID.randomUUID();
    try (WsTestClient alice = on(a, "alice", "primary"); WsTestClient carol = on(a, "carol")) {
      alice.request(op("create", room).put("rules", new JsonObject().put("presence", true)), "c");
      alice.request(op("join", room), "j");
      carol.request(op("join", room), "j");
      assertPresence(about(alice, carol), room, "join", carol.socketId(), "carol");
      WsTestClient bob = on(b, "bob");
      bob.request(op("join", room), "j");
      assertPresence(about(alice, bob), room, "join", bob.socketId(), "bob");
      assertPresence(about(carol, bob), room, "join", bob.socketId(), "bob");
      JsonObject members = bob.request(op("members", room), "m");
      assertThat(members.getJsonArray("members").stream().map(m -> ((JsonObject) m).getString("client")).toList())
          .containsExactly("alice", "carol", "bob");
      assertThat(members.getBoolean("more")).isFalse();

      carol.request(op("leave", room), "l");
      assertPresence(about(alice, carol), room, "leave", carol.socketId(), "carol");
      assertPresence(about(bob, carol), room, "leave", carol.socketId(), "carol");

      cluster.kill(b); // bob's node dies with him
      assertPresence(about(alice, bob), room, "leave", bob.socketId(), "bob");
      JsonObject after = alice.request(op("members", room), "m2");
      assertThat(after.getJsonArray("members")).isEqualTo(new JsonArray()
          .add(new JsonObject().put("socket", alice.socketId()).put("client", "alice")));
      alice.request(op("ping", null), "p");
      assertThat(alice.pending()).as("each event told once").noneMatch(f -> "presence".equals(f.getString("op")));
    }
  }

  /**
   * The next presence event {@code member} got about {@code subject}. (Events about others can come
   * too: one that was on its way when a member joined reaches it, e.g. the join of the member
   * before it.)
   */
  private static JsonObject about(WsTestClient member, WsTestClient subject) {
    return member.next(f -> "presence".equals(f.getString("op")) && subject.socketId().equals(f.getString("socket")));
  }

  private static void assertPresence(JsonObject event, String room, String what, String socket, String client) {
    assertThat(event.getString("room")).isEqualTo(room);
    assertThat(event.getString("event")).isEqualTo(what);
    assertThat(event.getString("socket")).isEqualTo(socket);
    assertThat(event.getString("client")).isEqualTo(client);
  }
}
