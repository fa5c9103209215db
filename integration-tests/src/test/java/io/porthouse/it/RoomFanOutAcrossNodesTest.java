package io.porthouse.it;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Posts;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Hazelcast cluster of three Vert.x instances in this JVM: auth, rooms and router on one,
 * an ingress on each of the other two. Members on both ingress nodes share one room.
 */
class RoomFanOutAcrossNodesTest {

  private static final int PER_SENDER = 100;
  private static ClusterFixture cluster;
  private static Porthouse ingressA;
  private static Porthouse ingressB;
  private static Vertx clients;
  private static Tokens tokens;

  @BeforeAll
  static void start() {
    JsonObject overrides = EmbeddedFixture.config(new JsonObject()).json();
    overrides.getJsonObject("session").put("ratePerSecond", 100_000).put("rateBurst", 100_000);
    cluster = new ClusterFixture(overrides);
    cluster.start("auth", "rooms", "router");
    ingressA = cluster.start("ingress");
    ingressB = cluster.start("ingress");
    clients = Vertx.vertx();
    tokens = new Tokens(clients, io.porthouse.core.config.PorthouseConfig.of(overrides));
  }

  @AfterAll
  static void stop() {
    cluster.close();
    WsTestClient.await(clients.close());
  }

  private static WsTestClient on(Porthouse node, String sub, String... roles) {
    return WsTestClient.connectWithToken(clients, node.httpPort(), tokens.token(sub, roles));
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void membersOnDifferentNodesShareOneSeqAndLoseTheirNodeWhenItStops() throws Exception {
    String room = "cross-" + UUID.randomUUID();
    WsTestClient alice = on(ingressA, "alice", "primary");
    WsTestClient carol = on(ingressA, "carol");
    WsTestClient bob = on(ingressB, "bob");
    try {
      assertThat(alice.welcome().getString("node")).isNotEqualTo(bob.welcome().getString("node"));
      assertThat(alice.request(op("create", room), 1).getString("op")).isEqualTo("created");
      for (WsTestClient s : List.of(alice, carol, bob)) {
        assertThat(s.request(op("join", room), "j").getString("op")).isEqualTo("joined");
      }

      Thread other = new Thread(() -> fire(bob, room));
      other.start();
      fire(alice, room);
      other.join();

      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < 2 * PER_SENDER; i++) {
        seen.add(carol.next("msg").getLong("seq"));
      }
      assertThat(seen).isSorted().doesNotHaveDuplicates().hasSize(2 * PER_SENDER);
      assertThat(seen.get(0)).isEqualTo(1);
      assertThat(seen.get(seen.size() - 1)).isEqualTo(2L * PER_SENDER);
      List<Long> bobSaw = new ArrayList<>();
      List<Long> aliceAcks = new ArrayList<>();
      for (int i = 0; i < PER_SENDER; i++) {
        JsonObject m = bob.next("msg");
        assertThat(m.getString("client")).isEqualTo("alice");
        assertThat(m.getJsonObject("data").getInteger("n")).isEqualTo(i); // alice's order, across the cluster
        bobSaw.add(m.getLong("seq"));
        String ref = "m" + i;
        aliceAcks.add(alice.next(f -> ref.equals(f.getValue("ref"))).getLong("seq"));
      }
      assertThat(bobSaw).isEqualTo(aliceAcks);

      // stop bob's node: its sockets get a close frame and leave the room; the rest keeps working
      cluster.stop(ingressB);
      assertThat(bob.awaitClose()).isEqualTo((short) 1001);
      Eventually.until("bob's membership dropped", Duration.ofSeconds(15), () ->
          alice.request(new JsonObject().put("op", "rooms"), UUID.randomUUID().toString()).getJsonArray("rooms")
              .contains(new JsonObject().put("name", room).put("type", "transient").put("members", 2)));
      JsonObject ack = alice.request(op("send", room).put("data", "after"), "after");
      assertThat(ack.getLong("seq")).isEqualTo(2L * PER_SENDER + 1);
      assertThat(carol.next("msg").getString("data")).isEqualTo("after");
    } finally {
      alice.close();
      carol.close();
      bob.close();
    }
  }

  @Test
  void theAdminApiListsEveryMemberOfTheClusterWithEachIngressNodesSockets() {
    Porthouse ingressC = cluster.start("ingress");
    String owner = tokens.token("root", "owner");
    WsTestClient a1 = on(ingressA, "dora");
    WsTestClient a2 = on(ingressA, "erin");
    WsTestClient c1 = on(ingressC, "finn");
    String nodeA = a1.welcome().getString("node");
    String nodeC = c1.welcome().getString("node");
    try {
      java.util.concurrent.atomic.AtomicReference<List<JsonObject>> listed = new java.util.concurrent.atomic.AtomicReference<>();
      Eventually.until(() -> "both ingress nodes listed with their sockets: " + listed.get(), Duration.ofSeconds(15), () -> {
        Posts.Answer answer = Posts.http(ingressA.httpPort(), "GET", "/admin/nodes", null, owner);
        assertThat(answer.status()).isEqualTo(200);
        listed.set(answer.json().getJsonArray("nodes").stream().map(JsonObject.class::cast).toList());
        JsonObject a = node(listed.get(), nodeA);
        JsonObject c = node(listed.get(), nodeC);
        return a != null && c != null && a.getInteger("sockets") == 2 && c.getInteger("sockets") == 1;
      });
      List<JsonObject> nodes = listed.get();
      assertThat(node(nodes, nodeA).getBoolean("self")).isTrue();
      assertThat(node(nodes, nodeC).getBoolean("self", false)).isFalse();
      assertThat(nodes).as("the rooms JVM is a member without an ingress")
          .anyMatch(n -> Boolean.FALSE.equals(n.getBoolean("ingress")));
      assertThat(nodes.stream().map(n -> n.getString("node")).toList()).isSorted();
      assertThat(Posts.http(ingressA.httpPort(), "GET", "/admin/nodes", null, tokens.token("dora")).status())
          .as("owners only").isEqualTo(403);
    } finally {
      a1.close();
      a2.close();
      c1.close();
      cluster.stop(ingressC);
    }
  }

  private static JsonObject node(List<JsonObject> nodes, String id) {
    return nodes.stream().filter(n -> id.equals(n.getString("node"))).findFirst().orElse(null);
  }

  private static void fire(WsTestClient s, String room) {
    for (int i = 0; i < PER_SENDER; i++) {
      s.send(op("send", room).put("ref", "m" + i).put("data", new JsonObject().put("n", i)));
    }
  }
}
