package io.porthouse.it;

import io.porthouse.core.config.PorthouseConfig;
import io.porthouse.launcher.Porthouse;
import io.porthouse.testing.ClusterFixture;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Tokens;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rooms owner fails over: a standby rooms verticle on another node takes the lock, the
 * ingress notices (its heartbeat is answered "unknown") and restates its sockets' memberships,
 * and the room works again, its seq starting over.
 */
class RoomsFailoverTest {

  @Test
  void standbyRoomsOwnerTakesOverAndIngressRestatesMemberships() {
    JsonObject overrides = EmbeddedFixture.config(new JsonObject()).json();
    Vertx clients = Vertx.vertx();
    try (ClusterFixture cluster = new ClusterFixture(overrides)) {
      Porthouse firstRooms = cluster.start("rooms");
      cluster.start("rooms"); // standby
      Porthouse front = cluster.start("auth", "router", "ingress");
      Tokens tokens = new Tokens(clients, PorthouseConfig.of(overrides));
      String room = "failover-" + UUID.randomUUID();
      try (WsTestClient alice = WsTestClient.connectWithToken(clients, front.httpPort(), tokens.token("alice", "primary"));
           WsTestClient bob = WsTestClient.connectWithToken(clients, front.httpPort(), tokens.token("bob"))) {
        alice.request(new JsonObject().put("op", "create").put("room", room), 1);
        alice.request(new JsonObject().put("op", "join").put("room", room), 2);
        bob.request(new JsonObject().put("op", "join").put("room", room), 2);
        assertThat(alice.request(new JsonObject().put("op", "send").put("room", room).put("data", "before"), 3).getLong("seq"))
            .isEqualTo(1);
        assertThat(bob.next("msg").getString("data")).isEqualTo("before");

        cluster.stop(firstRooms);

        // until the standby is active and the memberships are restated, sends fail; then they work again
        io.porthouse.testing.Eventually.until("room usable after failover", Duration.ofSeconds(30), () -> {
          JsonObject r = alice.request(new JsonObject().put("op", "send").put("room", room).put("data", "after"),
              UUID.randomUUID().toString());
          return "ack".equals(r.getString("op"));
        });
        JsonObject after = bob.next(f -> "msg".equals(f.getString("op")) && "after".equals(f.getString("data")));
        assertThat(after.getLong("seq")).isEqualTo(1); // seq is not persisted: it starts over with the new owner
        assertThat(alice.request(new JsonObject().put("op", "rooms"), "list").getJsonArray("rooms"))
            .contains(new JsonObject().put("name", room).put("type", "transient").put("members", 2));
      }
    } finally {
      WsTestClient.await(clients.close());
    }
  }
}
