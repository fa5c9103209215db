package io.porthouse.it;

import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.TestBackend;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook events outlive the JVMs that made and were delivering them: they are kept in the room's
 * state (and so on its backup), and when their deliverer dies, another node's hooks verticle
 * takes them up once its lease lapses, under the same ids and in the same order.
 */
class WebhooksAcrossNodesTest {

  private static final String SECRET = "webhooks-cluster-secret-" + UUID.randomUUID();
  private Tokens tokens;
  private final Vertx clients = Vertx.vertx();
  private ClusterFixture cluster;
  private TestBackend receiver;

  @AfterEach
  void stop() {
    cluster.close();
    WsTestClient.await(clients.close());
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void eventsWhoseDelivererDiedAreDeliveredByAnotherNodeInOrder() {
    receiver = TestBackend.start(SECRET, 0);
    int port = receiver.port();
    receiver.close(); // down: the first deliverer keeps trying and holds the events' lease
    receiver = null;
    cluster = new ClusterFixture(new JsonObject()
        .put("auth", new JsonObject().put("jwtSecret", Tokens.randomSecret()))
        .put("rooms", new JsonObject().put("sweepMillis", 200))
        .put("webhooks", new JsonObject().put("url", "http://127.0.0.1:" + port + "/hooks/events").put("secret", SECRET)
            .put("timeoutMillis", 300).put("retryMinMillis", 50).put("retryMaxMillis", 200))
        .put("templates", new JsonObject().put("told:*", new JsonObject().put("autoCreate", true)
            .put("events", new JsonArray().add("room.occupied").add("member.joined").add("message.published")))));
    tokens = new Tokens(clients, cluster.config());
    List<Porthouse> roomsNodes = new ArrayList<>(List.of(cluster.start("rooms"), cluster.start("rooms")));
    Porthouse a = cluster.start("auth", "ingress");
    cluster.start("auth", "ingress"); // b: its hooks verticle takes over
    String room = "told:" + UUID.randomUUID();
    WsTestClient alice = WsTestClient.connectWithToken(clients, a.httpPort(), tokens.token("alice"));
    alice.request(new JsonObject().put("op", "join").put("room", room), "j");
    for (int i = 1; i <= 3; i++) {
      alice.request(new JsonObject().put("op", "send").put("room", room).put("data", i), "s" + i);
    }
    cluster.kill(a); // the deliverer dies with the events undelivered
    cluster.kill(ClusterFixture.ownerOf(room, roomsNodes)); // and the room's owner: its backup holds them
    receiver = TestBackend.start(SECRET, port);
    List<JsonObject> events = new ArrayList<>();
    while (events.size() < 5) {
      TestBackend.Call call = receiver.next("events", b -> room.equals(b.getString("room")));
      assertThat(call.signedRight()).isTrue();
      call.body().getJsonArray("events").forEach(e -> events.add((JsonObject) e));
    }
    assertThat(events).extracting(e -> e.getString("type")).containsExactly("room.occupied", "member.joined",
        "message.published", "message.published", "message.published");
    assertThat(events.subList(2, 5)).extracting(e -> e.getLong("seq")).containsExactly(1L, 2L, 3L);
    assertThat(events).extracting(e -> e.getString("id")).doesNotHaveDuplicates();
  }
}
