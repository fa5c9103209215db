package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.Ports;
import io.porthouse.testing.TcpTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Protocol v1 as newline-delimited JSON over a real TCP connection, beside WebSocket members. */
class TcpIngressTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("tcp", new JsonObject().put("port", Ports.freePort()))
        .put("session", new JsonObject().put("maxMessageBytes", 1024).put("maxErrors", 3)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  private TcpTestClient tcp() {
    return TcpTestClient.connect(porthouse.clientVertx(), porthouse.tcpPort());
  }

  private static String roomWithMembers(WsTestClient ws, TcpTestClient tcp) {
    String room = "tcp-" + UUID.randomUUID();
    assertThat(ws.request(op("create").put("room", room), "c").getString("op")).isEqualTo("created");
    assertThat(ws.request(op("join").put("room", room), "j").getString("op")).isEqualTo("joined");
    assertThat(tcp.request(op("join").put("room", room), "j").getString("op")).isEqualTo("joined");
    return room;
  }

  @Test
  void startsWithWelcomeAuthenticatesWithTheAuthOpAndTalksWithWebSocketMembers() {
    try (TcpTestClient tcp = tcp(); WsTestClient ws = porthouse.as("alice", "primary")) {
      assertThat(tcp.welcome().getString("client")).isNull();
      JsonObject authed = tcp.request(op("auth").put("token", porthouse.tokens().token("bob")), 1);
      assertThat(authed.getString("op")).isEqualTo("authed");
      assertThat(authed.getString("client")).isEqualTo("bob");
      String room = roomWithMembers(ws, tcp);

      JsonObject ack = tcp.request(op("send").put("room", room).put("data", new JsonObject().put("via", "tcp")), 2);
      JsonObject atWs = ws.next("msg");
      assertThat(atWs.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(atWs.getString("client")).isEqualTo("bob");
      assertThat(atWs.getString("from")).isEqualTo(tcp.socketId());
      assertThat(atWs.getJsonObject("data")).isEqualTo(new JsonObject().put("via", "tcp"));

      ws.send(op("send").put("room", room).put("data", "from ws"));
      JsonObject atTcp = tcp.next("msg");
      assertThat(atTcp.getString("data")).isEqualTo("from ws");
      assertThat(atTcp.getLong("seq")).isEqualTo(ack.getLong("seq") + 1);
      assertThat(tcp.request(op("ping"), "p").getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void linesOverTheLimitAreTooLargeAndTheConnectionStaysUsable() {
    try (TcpTestClient tcp = tcp()) {
      tcp.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(2000) + "\"}");
      JsonObject error = tcp.next("error");
      assertThat(error.getString("code")).isEqualTo("too_large");
      assertThat(tcp.request(op("ping"), 1).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void aLineMayArriveInPiecesAndSeveralLinesInOnePiece() {
    try (TcpTestClient tcp = tcp()) {
      tcp.sendBytes(Buffer.buffer("{\"op\":\"pi"));
      tcp.sendBytes(Buffer.buffer("ng\",\"ref\":1}\r\n{\"op\":\"ping\",\"ref\":2}\n\n"));
      assertThat(tcp.next().getValue("ref")).isEqualTo(1);
      assertThat(tcp.next().getValue("ref")).isEqualTo(2);
    }
  }

  @Test
  void aHalfWrittenLineAtDisconnectIsDiscardedNeverDelivered() {
    try (WsTestClient ws = porthouse.as("alice", "primary"); TcpTestClient tcp = tcp()) {
      tcp.request(op("auth").put("token", porthouse.tokens().token("carol")), 1);
      String room = roomWithMembers(ws, tcp);
      tcp.sendBytes(Buffer.buffer("{\"op\":\"send\",\"room\":\"" + room + "\",\"data\":\"half\"}"));
      tcp.close();
      Eventually.until("the TCP socket left the room", java.time.Duration.ofSeconds(10), () ->
          ws.request(op("rooms"), "l").getJsonArray("rooms").stream().map(JsonObject.class::cast)
              .anyMatch(r -> r.getString("name").equals(room) && r.getInteger("members") == 1));
      // the half line never became a message: the next one is the room's first
      JsonObject fence = ws.request(op("send").put("room", room).put("data", "fence"), "f");
      assertThat(fence.getLong("seq")).isEqualTo(1);
      assertThat(ws.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
    }
  }

  @Test
  void repeatedGarbageGetsErrorsThenTheConnectionIsClosedWithAReasonAndOthersAreUndisturbed() {
    try (TcpTestClient good = tcp(); TcpTestClient bad = tcp()) {
      StringBuilder garbage = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        garbage.append("garbage ").append(i).append('\n');
      }
      bad.sendBytes(Buffer.buffer(garbage.toString())); // in one write: the server may close before more
      assertThat(bad.next("error").getString("code")).isEqualTo("bad_request");
      JsonObject closing = bad.next("close");
      assertThat(closing.getInteger("code")).isEqualTo(1008);
      assertThat(closing.getString("reason")).contains("bad frames");
      bad.awaitClose();
      assertThat(good.request(op("ping"), 1).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void plainTextShorthandWorksAsWithNc() {
    try (TcpTestClient tcp = tcp()) {
      tcp.request(op("auth").put("token", porthouse.tokens().token("dora", "primary")), 1);
      String room = "nc-" + UUID.randomUUID();
      tcp.sendText("NEW ROOM " + room);
      assertThat(tcp.next("created").getString("room")).isEqualTo(room);
    }
  }
}
