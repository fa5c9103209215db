package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits that protect a node: rate limits, garbage floods, anonymous sockets off, a missing part. */
class SocketLimitsTest {

  private static JsonObject ws(JsonObject settings) {
    return new JsonObject().put("ws", settings);
  }

  @Test
  void overTheRateGetsRateLimitedAndRecovers() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(new JsonObject().put("ratePerSecond", 5).put("rateBurst", 5)));
         WsTestClient s = porthouse.anonymous()) {
      for (int i = 0; i < 20; i++) {
        s.send(new JsonObject().put("op", "ping").put("ref", i));
      }
      int pongs = 0;
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        JsonObject f = s.next();
        if ("pong".equals(f.getString("op"))) {
          pongs++;
        } else {
          assertThat(f.getString("code")).isEqualTo("rate_limited");
          limited++;
        }
      }
      assertThat(limited).isGreaterThan(0);
      assertThat(pongs).isGreaterThanOrEqualTo(5).isLessThan(20);
      assertThat(s.isClosed()).isFalse(); // rate limiting is not garbage: the socket stays
      // tokens come back with time: a later ping is answered
      io.porthouse.testing.Eventually.until("rate limit recovers", java.time.Duration.ofSeconds(5),
          () -> "pong".equals(s.request(new JsonObject().put("op", "ping"), UUID.randomUUID().toString()).getString("op")));
    }
  }

  @Test
  void garbageWithoutPauseClosesTheSocketWith1008AndSparesOthers() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(new JsonObject().put("maxErrors", 5)));
         WsTestClient spammer = porthouse.anonymous(); WsTestClient bystander = porthouse.anonymous()) {
      for (int i = 0; i < 50 && !spammer.isClosed(); i++) {
        try {
          spammer.sendText("garbage " + i);
        } catch (RuntimeException closedMeanwhile) {
          break; // the server closed it while we were writing: what this test expects
        }
      }
      assertThat(spammer.awaitClose()).isEqualTo((short) 1008);
      assertThat(bystander.request(new JsonObject().put("op", "ping"), 1).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void aSocketThatStopsReadingIsClosedAsASlowConsumerAndOthersKeepUp() {
    JsonObject limits = new JsonObject().put("writeQueueMaxBytes", 1 << 20).put("ratePerSecond", 1_000_000).put("rateBurst", 1_000_000);
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(limits));
         WsTestClient admin = porthouse.as("admin", "primary");
         WsTestClient publisher = porthouse.anonymous(); WsTestClient fast = porthouse.anonymous();
         WsTestClient stuck = porthouse.anonymous()) {
      admin.request(new JsonObject().put("op", "create").put("room", "flood"), 0);
      for (WsTestClient s : List.of(publisher, fast, stuck)) {
        s.request(new JsonObject().put("op", "join").put("room", "flood"), "j");
      }
      stuck.pause();
      String pad = "x".repeat(1000);
      int messages = 20_000; // ~20 MB: more than the kernel buffers plus 1 MiB hold for a socket that reads nothing
      for (int i = 0; i < messages; i++) {
        publisher.send(new JsonObject().put("op", "send").put("room", "flood").put("data", pad));
      }
      JsonObject last = publisher.request(new JsonObject().put("op", "send").put("room", "flood").put("data", "end"), "end");
      assertThat(last.getString("op")).isEqualTo("ack");
      for (int i = 0; i < messages; i++) {
        fast.next("msg");
      }
      assertThat(fast.next("msg").getString("data")).isEqualTo("end");
      stuck.resume();
      assertThat(stuck.awaitClose()).isEqualTo((short) 1013);
    }
  }

  @Test
  void anonymousSocketsCanBeTurnedOff() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(new JsonObject().put("allowAnonymous", false)))) {
      assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws", MultiMap.caseInsensitiveMultiMap()))
          .isEqualTo(401);
      try (WsTestClient alice = porthouse.as("alice")) {
        assertThat(alice.welcome().getString("client")).isEqualTo("alice");
      }
    }
  }

  @Test
  void aMissingPartIsAnInternalErrorNotACrash() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(new JsonObject(), List.of("ingress"));
         WsTestClient s = porthouse.anonymous()) {
      JsonObject error = s.request(new JsonObject().put("op", "auth").put("token", "x.y.z"), 1); // no auth verticle
      assertThat(error.getString("code")).isEqualTo("internal");
      assertThat(error.getString("message")).doesNotContain("Exception");
      assertThat(s.request(new JsonObject().put("op", "ping"), 2).getString("op")).isEqualTo("pong");
    }
  }
}
