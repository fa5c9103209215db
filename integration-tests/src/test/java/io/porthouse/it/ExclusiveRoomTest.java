package io.porthouse.it;

import io.porthouse.examples.gate.LobbyGateVerticle;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exclusive rooms and server-side moves, with the shipped example: a gate room held by
 * {@link LobbyGateVerticle}, which checks a pass phrase and moves sockets on.
 */
class ExclusiveRoomTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
    WsTestClient.await(porthouse.porthouse().vertx().deployVerticle(new LobbyGateVerticle(),
        new DeploymentOptions().setConfig(new JsonObject().put("keeper", "gate").put("passphrase", "open sesame"))));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void aGateHoldsASocketAloneUntilItsKeeperMovesItOnWithTheRightPassPhrase() {
    String gate = "gate-" + UUID.randomUUID();
    String vault = "vault-" + UUID.randomUUID();
    String other = "other-" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob");
         WsTestClient carol = porthouse.as("carol")) {
      alice.request(op("create", gate).put("rules", new JsonObject().put("exclusive", true).put("keeper", "gate")), 1);
      carol.request(op("join", gate), 1); // stays, so the transient gate lives while bob comes and goes
      alice.request(op("create", vault), 2);
      alice.request(op("create", other), 3);
      alice.request(op("join", vault), 4);
      alice.request(op("join", other), 5);
      assertThat(bob.request(op("join", other), 1).getString("op")).isEqualTo("joined");

      assertThat(bob.request(op("join", gate), 2).getString("op")).isEqualTo("joined");
      assertThat(bob.request(op("send", other).put("data", "psst"), 3).getString("code")).as("held").isEqualTo("forbidden");
      assertThat(bob.request(op("join", vault), 4).getString("code")).isEqualTo("forbidden");
      assertThat(bob.request(op("leave", gate), 5).getString("code")).isEqualTo("forbidden");
      assertThat(bob.request(new JsonObject().put("op", "rooms"), 6).getJsonArray("rooms").stream()
          .map(r -> ((JsonObject) r).getString("name"))).as("joining the gate took it out of its other rooms")
          .doesNotContain(other);

      bob.request(op("send", gate).put("data", new JsonObject().put("pass", "guess").put("room", vault)), 7);
      assertThat(bob.next("moved")).isEqualTo(new JsonObject().put("op", "moved").put("from", gate).putNull("room"));
      JsonObject free = bob.request(op("join", vault), 8);
      assertThat(free.getString("op")).as(free.encode()).isEqualTo("joined");
      bob.request(op("leave", vault), 9);

      assertThat(bob.request(op("join", gate), 10).getString("op")).isEqualTo("joined");
      bob.request(op("send", gate).put("data", new JsonObject().put("pass", "open sesame").put("room", vault)), 11);
      assertThat(bob.next("moved")).isEqualTo(new JsonObject().put("op", "moved").put("from", gate).put("room", vault));
      JsonObject joined = bob.next("joined");
      assertThat(joined.getString("room")).isEqualTo(vault);
      assertThat(joined.getString("ref")).isEqualTo("moved");
      bob.request(op("send", vault).put("data", "inside"), 12);
      assertThat(alice.next("msg").getString("data")).isEqualTo("inside");

      JsonObject history = carol.request(op("history", gate), 7);
      assertThat(history.getJsonArray("messages")).as("pass phrases are not kept").isEmpty();
      assertThat(carol.pending()).as("nor sent to the gate's members").noneMatch(f -> "msg".equals(f.getString("op"))
          && gate.equals(f.getString("room")));
    }
  }
}
