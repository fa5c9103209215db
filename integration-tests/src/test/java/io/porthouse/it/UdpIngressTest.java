package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The UDP ingress over real datagrams: each one a single-shot send, bad ones dropped and counted. */
class UdpIngressTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("udp", new JsonObject().put("port", Ports.freeUdpPort()))
        .put("session", new JsonObject().put("maxMessageBytes", 1024)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  @Test
  void aDatagramIsPostedToTheRoomAndBadOnesAreDroppedAndCounted() {
    try (WsTestClient member = porthouse.as("owner", "primary")) {
      String room = "udp-" + UUID.randomUUID();
      member.request(new JsonObject().put("op", "create").put("room", room), "c");
      member.request(new JsonObject().put("op", "join").put("room", room), "j");
      int port = porthouse.udpPort();
      String token = porthouse.tokens().token("sensor-7");

      Posts.datagram(port, "not json".getBytes(StandardCharsets.UTF_8));
      Posts.datagram(port, room, "no token", null);
      Posts.datagram(port, room, "bad token", "not.a.jwt");
      Posts.datagram(port, "no-such-" + UUID.randomUUID(), 1, token);
      Posts.datagram(port, new JsonObject().put("op", "join").put("room", room).put("token", token).encode()
          .getBytes(StandardCharsets.UTF_8));
      Posts.datagram(port, ("{\"op\":\"send\",\"room\":\"" + room + "\",\"token\":\"" + token + "\",\"data\":\""
          + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8));
      Posts.datagram(port, room, new JsonObject().put("t", 21.5), token);

      JsonObject msg = member.next("msg");
      assertThat(msg.getJsonObject("data")).isEqualTo(new JsonObject().put("t", 21.5));
      assertThat(msg.getString("from")).isNull();
      assertThat(msg.getString("client")).isEqualTo("sensor-7");
      assertThat(msg.getLong("seq")).isEqualTo(1); // nothing bad became a message

      Eventually.until(() -> "every bad datagram counted: " + porthouse.getJson("/status").getJsonObject("udp"),
          Duration.ofSeconds(10), () -> {
        JsonObject udp = porthouse.getJson("/status").getJsonObject("udp");
        JsonObject dropped = udp.getJsonObject("dropped");
        return udp.getLong("received") == 7 && udp.getLong("posted") == 1
            && dropped.getLong("bad_request", 0L) == 2 && dropped.getLong("unauthorized", 0L) == 2
            && dropped.getLong("not_found", 0L) == 1 && dropped.getLong("too_large", 0L) == 1;
      });
      assertThat(member.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
    }
  }
}
