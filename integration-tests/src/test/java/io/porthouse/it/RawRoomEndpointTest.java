package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.RawTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ws/rooms/{room}}: a plain byte/text relay with rooms and auth around it, beside protocol v1 members. */
class RawRoomEndpointTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject().put("maxMessageBytes", 1024)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static String roomWith(WsTestClient member) {
    String room = "raw-" + UUID.randomUUID();
    assertThat(member.request(new JsonObject().put("op", "create").put("room", room), "c").getString("op")).isEqualTo("created");
    assertThat(member.request(new JsonObject().put("op", "join").put("room", room), "j").getString("op")).isEqualTo("joined");
    return room;
  }

  private RawTestClient raw(String room) {
    return RawTestClient.connect(porthouse.clientVertx(), porthouse.port(), room, porthouse.tokens().token("rawuser"));
  }

  @Test
  void rawTextAndBinaryGoToTheRoomUnalteredAndV1MembersGetThemAsDataAndBase64() {
    try (WsTestClient v1 = porthouse.as("owner", "primary")) {
      String room = roomWith(v1);
      try (RawTestClient a = raw(room); RawTestClient b = raw(room)) {
        Eventually.until("both raw sockets joined", Duration.ofSeconds(10), () -> members(v1, room) == 3);
        a.sendText("plain text, not JSON {");
        RawTestClient.Message atB = b.next();
        assertThat(atB.binary()).isFalse();
        assertThat(atB.text()).isEqualTo("plain text, not JSON {");
        JsonObject atV1 = v1.next("msg");
        assertThat(atV1.getString("data")).isEqualTo("plain text, not JSON {");
        assertThat(atV1.getString("client")).isEqualTo("rawuser");

        byte[] bytes = {0, 1, 2, (byte) 0xff, 10};
        a.sendBinary(Buffer.buffer(bytes));
        RawTestClient.Message bin = b.next();
        assertThat(bin.binary()).isTrue();
        assertThat(bin.data().getBytes()).isEqualTo(bytes);
        JsonObject binAtV1 = v1.next("msg");
        assertThat(binAtV1.containsKey("data")).isFalse();
        assertThat(Base64.getDecoder().decode(binAtV1.getString("binary"))).isEqualTo(bytes);
        assertThat(binAtV1.getLong("seq")).isEqualTo(atV1.getLong("seq") + 1);

        v1.send(new JsonObject().put("op", "send").put("room", room).put("data", new JsonObject().put("k", "v")));
        assertThat(a.next().text()).isEqualTo("{\"k\":\"v\"}");
        assertThat(b.next().text()).isEqualTo("{\"k\":\"v\"}");
        assertThat(a.pending()).isEmpty(); // a raw socket never sees its own messages, nor a protocol frame
      }
      Eventually.until("closed raw sockets left the room", Duration.ofSeconds(10), () -> members(v1, room) == 1);
    }
  }

  @Test
  void refusedUpgradesAreHttpErrors() {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    var vertx = porthouse.clientVertx();
    int port = porthouse.port();
    assertThat(WsTestClient.upgradeStatus(vertx, port, "/ws/rooms/no-such-" + UUID.randomUUID(), none)).isEqualTo(404);
    assertThat(WsTestClient.upgradeStatus(vertx, port, "/ws/rooms/x?token=not.a.jwt", none)).isEqualTo(401);
    assertThat(WsTestClient.upgradeStatus(vertx, port, "/ws/rooms/" + "r".repeat(200), none)).isEqualTo(400);
    assertThat(WsTestClient.upgradeStatus(vertx, port, "/ws/rooms/a%20b", none)).isEqualTo(400);
  }

  @Test
  void aMessageOverTheLimitClosesTheRawSocketWith1009AndOthersGoOn() {
    try (WsTestClient v1 = porthouse.as("owner", "primary")) {
      String room = roomWith(v1);
      try (RawTestClient big = raw(room); RawTestClient other = raw(room)) {
        big.sendText("x".repeat(2000));
        assertThat(big.awaitClose()).isEqualTo((short) 1009);
        assertThat(big.closeReason()).contains("over the limit");
        other.sendText("still here");
        assertThat(v1.next("msg").getString("data")).isEqualTo("still here");
      }
    }
  }

  private static int members(WsTestClient v1, String room) {
    return v1.request(new JsonObject().put("op", "rooms"), "l").getJsonArray("rooms").stream()
        .map(JsonObject.class::cast).filter(r -> r.getString("name").equals(room))
        .mapToInt(r -> r.getInteger("members")).findFirst().orElse(0);
  }
}
