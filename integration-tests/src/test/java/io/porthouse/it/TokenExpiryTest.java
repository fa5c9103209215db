package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens expire on open sockets too: the socket is told, and drops to anonymous out of its rooms (or is closed, by config). */
class TokenExpiryTest {

  private static EmbeddedFixture porthouse;
  private static EmbeddedFixture closing;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
    closing = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject().put("onTokenExpiry", "close")));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
    closing.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  @Test
  void anExpiredSocketIsToldLeavesItsRoomsAndComesBackWithAFreshAuth() {
    try (WsTestClient alice = porthouse.as("alice", "primary");
         WsTestClient bob = WsTestClient.connectWithToken(porthouse.clientVertx(), porthouse.port(),
             porthouse.tokens().shortToken(2, "bob"))) {
      String room = "expiry-" + UUID.randomUUID();
      alice.request(op("create", room).put("rules", new JsonObject().put("authenticated", true)), "c");
      alice.request(op("join", room), "j");
      assertThat(bob.request(op("join", room), "j").getString("op")).isEqualTo("joined");
      assertThat(bob.next("expired")).isEqualTo(new JsonObject().put("op", "expired"));
      JsonObject refused = bob.request(op("send", room).put("data", 1), "s");
      assertThat(refused.getString("code")).as("out of the room").isEqualTo("forbidden");
      assertThat(bob.request(new JsonObject().put("op", "hello"), "h").getValue("client")).as("anonymous now").isNull();
      assertThat(bob.request(op("join", room), "j2").getString("code")).isEqualTo("unauthorized");
      assertThat(bob.request(new JsonObject().put("op", "auth").put("token", porthouse.tokens().token("bob")), "a")
          .getString("client")).isEqualTo("bob");
      assertThat(bob.request(op("join", room), "j3").getString("op")).isEqualTo("joined");
      bob.request(op("send", room).put("data", 2), "s2");
      assertThat(alice.next("msg").getInteger("data")).isEqualTo(2);
    }
  }

  @Test
  void aControlCompanionWhoseTokenExpiredActsForItsPrimaryNoMore() {
    try (WsTestClient primary = porthouse.as("dan", "primary");
         WsTestClient control = WsTestClient.connectWithToken(porthouse.clientVertx(), porthouse.port(),
             porthouse.tokens().shortToken(2, "dan"))) {
      String room = "companion-" + UUID.randomUUID();
      primary.request(op("create", room), "c");
      primary.request(op("join", room), "j");
      assertThat(control.request(new JsonObject().put("op", "attach").put("socket", primary.socketId()).put("channel", "control"), 1)
          .getString("op")).isEqualTo("attached");
      assertThat(control.request(op("send", room).put("data", "while valid").put("socket", primary.socketId()), 2)
          .getString("op")).isEqualTo("ack");
      assertThat(control.next("expired").getString("op")).isEqualTo("expired");
      JsonObject refused = control.request(op("send", room).put("data", "after expiry").put("socket", primary.socketId()), 3);
      assertThat(refused.getString("code")).as("its token expired: it is nobody's companion").isEqualTo("forbidden");
      assertThat(control.request(new JsonObject().put("op", "auth").put("token", porthouse.tokens().token("dan")), "a")
          .getString("client")).isEqualTo("dan");
      assertThat(control.request(op("leave", room).put("socket", primary.socketId()), 4).getString("code"))
          .as("a fresh token does not attach it again").isEqualTo("forbidden");
      assertThat(primary.request(new JsonObject().put("op", "ping"), "still").getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void withOnTokenExpiryCloseTheSocketIsToldThenClosed() {
    try (WsTestClient bob = WsTestClient.connectWithToken(closing.clientVertx(), closing.port(),
        closing.tokens().shortToken(1, "bob"))) {
      assertThat(bob.next("expired").getString("op")).isEqualTo("expired");
      assertThat(bob.awaitClose()).isEqualTo((short) 1008);
    }
  }
}
