package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.Posts;
import io.porthouse.testing.RawTestClient;
import io.porthouse.testing.TcpTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every way in, in one room: members on WebSocket {@code /ws}, a raw room socket, the SockJS
 * bridge (the npm client in Node) and TCP; messages sent from each of them, from HTTP POST and
 * from UDP reach all the others with one seq sequence, in the shape each one speaks.
 */
class CrossIngressTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("tcp", new JsonObject().put("port", Ports.freePort()))
        .put("udp", new JsonObject().put("port", Ports.freeUdpPort())));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  @Test
  void oneRoomOneSeqEveryIngressEveryShape() {
    String room = "everywhere";
    String token = porthouse.tokens().token("mix", "primary");
    try (WsTestClient ws = porthouse.as("mix", "primary");
         TcpTestClient tcp = TcpTestClient.connect(porthouse.clientVertx(), porthouse.tcpPort());
         NodeJsProcess js = NodeJsProcess.start("bridge-driver.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port() + "/eventbus")) {
      ws.request(new JsonObject().put("op", "create").put("room", room), "c");
      ws.request(new JsonObject().put("op", "join").put("room", room), "j");
      tcp.request(new JsonObject().put("op", "auth").put("token", token), "a");
      tcp.request(new JsonObject().put("op", "join").put("room", room), "j");
      js.next("open");
      JsonObject welcome = bridge(js, 1, new JsonObject().put("op", "hello"), token);
      js.command(new JsonObject().put("cmd", "register").put("address", welcome.getString("address")));
      assertThat(bridge(js, 2, new JsonObject().put("op", "join").put("room", room), token).getString("op")).isEqualTo("joined");
      try (RawTestClient raw = RawTestClient.connect(porthouse.clientVertx(), porthouse.port(), room, token)) {
        Eventually.until("four members", Duration.ofSeconds(10), () -> ws.request(new JsonObject().put("op", "rooms"), "l")
            .getJsonArray("rooms").stream().map(JsonObject.class::cast).anyMatch(r -> r.getInteger("members") == 4));

        // one message from each way in, each after the previous one reached the WebSocket member
        List<JsonObject> atWs = new ArrayList<>();
        JsonObject first = ws.request(new JsonObject().put("op", "send").put("room", room)
            .put("data", new JsonObject().put("via", "ws")), 1);
        assertThat(first.getLong("seq")).isEqualTo(1);
        raw.sendText("via raw");
        atWs.add(ws.next("msg"));
        bridge(js, 3, new JsonObject().put("op", "send").put("room", room).put("data", new JsonObject().put("via", "sockjs")), token);
        atWs.add(ws.next("msg"));
        tcp.request(new JsonObject().put("op", "send").put("room", room).put("data", new JsonObject().put("via", "tcp")), 2);
        atWs.add(ws.next("msg"));
        assertThat(Posts.postJson(porthouse.port(), room, "{\"via\":\"post\"}", token).status()).isEqualTo(202);
        atWs.add(ws.next("msg"));
        Posts.datagram(porthouse.udpPort(), room, new JsonObject().put("via", "udp"), token);
        atWs.add(ws.next("msg"));

        List<String> all = List.of("ws", "raw", "sockjs", "tcp", "post", "udp");
        // protocol v1 members (WebSocket, TCP, SockJS) see every message but their own, seq 1..6
        assertV1(atWs, all, "ws");
        assertV1(next5(tcp), all, "tcp");
        List<JsonObject> atJs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          atJs.add(js.next("push").getJsonObject("body"));
        }
        assertV1(atJs, all, "sockjs");
        // the raw member gets the payloads: v1 data as JSON text
        List<String> atRaw = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          RawTestClient.Message m = raw.next();
          assertThat(m.binary()).isFalse();
          atRaw.add(m.text());
        }
        assertThat(atRaw).containsExactly("{\"via\":\"ws\"}", "{\"via\":\"sockjs\"}", "{\"via\":\"tcp\"}",
            "{\"via\":\"post\"}", "{\"via\":\"udp\"}");
      }
    }
  }

  private static List<JsonObject> next5(TcpTestClient tcp) {
    List<JsonObject> got = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      got.add(tcp.next("msg"));
    }
    return got;
  }

  private static void assertV1(List<JsonObject> got, List<String> all, String self) {
    List<String> expected = new ArrayList<>(all);
    expected.remove(self);
    List<String> vias = new ArrayList<>();
    long previous = 0;
    for (JsonObject m : got) {
      long seq = m.getLong("seq");
      assertThat(seq).as("%s: seq after %d", self, previous).isGreaterThan(previous);
      previous = seq;
      Object data = m.getValue("data");
      vias.add(data instanceof JsonObject o ? o.getString("via") : ((String) data).replace("via ", "")); // raw text is a string
      boolean post = m.getString("from") == null;
      assertThat(post).as("%s: from is null exactly for posts: %s", self, m).isEqualTo(
          data instanceof JsonObject o && ("post".equals(o.getString("via")) || "udp".equals(o.getString("via"))));
    }
    assertThat(vias).containsExactlyElementsOf(expected);
    assertThat(previous).isEqualTo(6);
  }

  private static JsonObject bridge(NodeJsProcess js, int id, JsonObject op, String token) {
    js.command(new JsonObject().put("cmd", "send").put("id", id).put("address", "porthouse.in").put("body", op)
        .put("headers", new JsonObject().put("Authorization", "Bearer " + token)));
    return js.next(l -> l.getInteger("id", -1) == id).getJsonObject("body");
  }
}
