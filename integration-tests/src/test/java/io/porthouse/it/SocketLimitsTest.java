package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Limits that protect a node: rate limits, garbage floods, anonymous sockets off, a missing part. */
class SocketLimitsTest {

  private static JsonObject ws(JsonObject settings) {
    return new JsonObject().put("session", settings);
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
  void aSocketThatSendsRequestsButReadsNoRepliesIsClosedAsASlowConsumer() {
    JsonObject limits = new JsonObject().put("writeQueueMaxBytes", 1 << 20).put("ratePerSecond", 1_000_000).put("rateBurst", 1_000_000);
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(limits));
         WsTestClient deaf = porthouse.anonymous(); WsTestClient bystander = porthouse.anonymous()) {
      deaf.pause();
      String ref = "r".repeat(1000); // each pong repeats it: ~1 KB of reply per small request
      for (int i = 0; i < 20_000 && !deaf.isClosed(); i++) { // ~20 MB of replies: more than kernel buffers + 1 MiB
        try {
          deaf.send(new JsonObject().put("op", "ping").put("ref", ref + i));
        } catch (RuntimeException closedMeanwhile) {
          break; // the server closed it while we were writing: what this test expects
        }
      }
      deaf.resume();
      assertThat(deaf.awaitClose()).as("replies count against the same bound as deliveries").isEqualTo((short) 1013);
      assertThat(bystander.request(new JsonObject().put("op", "ping"), 1).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void aSocketMayBeInOnlySoManyRooms() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(new JsonObject().put("maxRoomsPerSocket", 2)));
         WsTestClient admin = porthouse.as("admin", "primary"); WsTestClient s = porthouse.anonymous()) {
      for (String room : List.of("l1", "l2", "l3")) {
        admin.request(new JsonObject().put("op", "create").put("room", room), room);
      }
      assertThat(s.request(new JsonObject().put("op", "join").put("room", "l1"), 1).getString("op")).isEqualTo("joined");
      assertThat(s.request(new JsonObject().put("op", "join").put("room", "l2"), 2).getString("op")).isEqualTo("joined");
      assertThat(s.request(new JsonObject().put("op", "join").put("room", "l1"), 3).getString("op"))
          .as("joining a room it is in again is fine").isEqualTo("joined");
      JsonObject refused = s.request(new JsonObject().put("op", "join").put("room", "l3"), 4);
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getString("message")).contains("at most 2 rooms");
    }
  }

  @Test
  void aHalfOpenSocketThatAnswersNoPingIsClosedAndLeavesItsRooms() throws Exception {
    JsonObject fast = new JsonObject().put("pingSeconds", 1).put("idleTimeoutSeconds", 2);
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(ws(fast));
         WsTestClient admin = porthouse.as("admin", "primary");
         java.net.Socket silent = new java.net.Socket("127.0.0.1", porthouse.port())) {
      admin.request(new JsonObject().put("op", "create").put("room", "idle"), 0);
      admin.request(new JsonObject().put("op", "join").put("room", "idle"), 1);
      // a bare client: it upgrades, joins, then neither reads nor answers pings, as a peer
      // whose network went away without a FIN would
      silent.setSoTimeout(10_000);
      silent.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      assertThat(readHeaders(silent.getInputStream())).startsWith("HTTP/1.1 101");
      silent.getOutputStream().write(maskedText("{\"op\":\"join\",\"room\":\"idle\"}"));
      Eventually.until("the silent socket joined", Duration.ofSeconds(10), () ->
          members(admin, "idle") == 2);
      Eventually.until("the silent socket dropped from the room", Duration.ofSeconds(15), () ->
          members(admin, "idle") == 1);
      // a socket that does answer (the test client pongs) stays
      assertThat(admin.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
    }
  }

  private static int members(WsTestClient asker, String room) {
    return asker.request(new JsonObject().put("op", "rooms"), UUID.randomUUID().toString()).getJsonArray("rooms").stream()
        .map(JsonObject.class::cast).filter(r -> room.equals(r.getString("name")))
        .mapToInt(r -> r.getInteger("members")).findFirst().orElse(0);
  }

  private static String readHeaders(java.io.InputStream in) throws java.io.IOException {
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new AssertionError("connection closed during the upgrade: " + sb);
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  /** A client text frame (clients must mask), payload under 126 bytes. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
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
  void aMissingPartIsUnavailableNotACrash() {
    try (EmbeddedFixture porthouse = EmbeddedFixture.start(new JsonObject(), List.of("ingress"));
         WsTestClient s = porthouse.anonymous()) {
      JsonObject error = s.request(new JsonObject().put("op", "auth").put("token", "x.y.z"), 1); // no auth verticle
      assertThat(error.getString("code")).isEqualTo("unavailable");
      assertThat(error.getString("message")).isEqualTo("service unavailable, try again");
      assertThat(s.request(new JsonObject().put("op", "ping"), 2).getString("op")).isEqualTo("pong");
    }
  }
}
