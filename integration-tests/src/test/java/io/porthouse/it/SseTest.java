package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.Ports;
import io.porthouse.testing.SseTestClient;
import io.porthouse.testing.SseTestClient.Event;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSE ingress ({@code GET /sse?rooms=…}) over real HTTP connections: a stream is a socket in
 * every room it names, each message an event whose id is its place in all of them; a stream that
 * names one refused room is refused whole (its HTTP status, no room joined); {@code Last-Event-ID}
 * resumes every room, the missed messages first; a stream outlives the read timeout that closes
 * silent sockets, since its pings are taken.
 */
class SseTest {

  private static EmbeddedFixture porthouse;
  private static Vertx client;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject()
        .put("pingSeconds", 1).put("idleTimeoutSeconds", 2)));
    client = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    WsTestClient.await(client.close());
    porthouse.close();
  }

  private static String room(WsTestClient owner, String prefix, JsonObject rules) {
    String room = prefix + "-" + UUID.randomUUID();
    owner.request(new JsonObject().put("op", "create").put("room", room).put("rules", rules), "c");
    owner.request(new JsonObject().put("op", "join").put("room", room), "j");
    return room;
  }

  private static long send(WsTestClient ws, String room, Object data) {
    return ws.request(new JsonObject().put("op", "send").put("room", room).put("data", data), "s").getLong("seq");
  }

  @Test
  void aStreamIsInEveryRoomItNamesAndEachMessageCarriesItsPlaceInAll() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String a = room(ws, "sse-a", new JsonObject().put("presence", true));
      String b = room(ws, "sse,b", new JsonObject()); // a comma in the name: named with room=
      String encodedB = URLEncoder.encode(b, StandardCharsets.UTF_8);
      try (SseTestClient sse = SseTestClient.open(client, porthouse.port(), "/sse?rooms=" + a + "&room=" + encodedB
          + "&token=" + porthouse.tokens().token("alice"))) {
        assertThat(sse.status()).isEqualTo(200);
        JsonObject welcome = sse.next("welcome").json();
        assertThat(welcome.getString("client")).isEqualTo("alice");
        JsonObject joinedA = sse.next("joined").json();
        JsonObject joinedB = sse.next("joined").json();
        assertThat(joinedA.getString("room")).isEqualTo(a);
        assertThat(joinedB.getString("room")).isEqualTo(b);
        JsonObject presence = ws.next("presence");
        assertThat(presence.getString("client")).isEqualTo("alice");
        assertThat(presence.getString("socket")).isEqualTo(welcome.getString("socket"));

        long inA = send(ws, a, new JsonObject().put("n", 1));
        long inB = send(ws, b, new JsonObject().put("n", 2));
        Event first = sse.next("msg");
        assertThat(first.json().getString("room")).isEqualTo(a);
        assertThat(first.json().getLong("seq")).isEqualTo(inA);
        Event second = sse.next("msg");
        assertThat(second.json().getJsonObject("data").getInteger("n")).isEqualTo(2);
        assertThat(second.id()).isEqualTo(a + ":" + inA + ":" + joinedA.getString("epoch") + " "
            + encodedB + ":" + inB + ":" + joinedB.getString("epoch"));
      }
      assertThat(ws.next("presence").getString("event")).as("the stream closed: it left").isEqualTo("leave");
    }
  }

  @Test
  void lastEventIdResumesEveryRoomWithTheMissedMessagesFirst() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String a = room(ws, "resume-a", new JsonObject());
      String b = room(ws, "resume-b", new JsonObject());
      String uri = "/sse?rooms=" + a + "," + b;
      String lastId;
      try (SseTestClient sse = SseTestClient.open(client, porthouse.port(), uri)) {
        sse.next("joined");
        sse.next("joined");
        send(ws, a, "a1");
        send(ws, b, "b1");
        sse.next("msg");
        lastId = sse.next("msg").id();
      }
      long a2 = send(ws, a, "a2");
      long b2 = send(ws, b, "b2");
      long b3 = send(ws, b, "b3");
      MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Last-Event-ID", lastId);
      try (SseTestClient sse = SseTestClient.open(client, porthouse.port(), uri, headers)) {
        assertThat(sse.next("msg").json().getLong("seq")).isEqualTo(a2);
        JsonObject joinedA = sse.next("joined").json();
        assertThat(joinedA.getBoolean("recovered")).isTrue();
        assertThat(sse.next("msg").json().getLong("seq")).isEqualTo(b2);
        Event last = sse.next("msg");
        assertThat(last.json().getLong("seq")).isEqualTo(b3);
        JsonObject joinedB = sse.next("joined").json();
        assertThat(joinedB.getBoolean("recovered")).as(joinedB.encode()).isTrue();
        assertThat(last.id()).contains(b + ":" + b3 + ":");
        long live = send(ws, a, "live");
        assertThat(sse.next("msg").json().getLong("seq")).isEqualTo(live);
      }
    }
  }

  @Test
  void aStreamNamingARefusedRoomIsRefusedWholeAndJoinsNothing() {
    try (WsTestClient ws = porthouse.as("carol", "primary")) {
      String open = room(ws, "open", new JsonObject().put("presence", true));
      String closed = room(ws, "closed", new JsonObject().put("clients", new JsonArray().add("carol")));
      try (SseTestClient sse = SseTestClient.open(client, porthouse.port(), "/sse?rooms=" + open + "," + closed
          + "&token=" + porthouse.tokens().token("mallory"))) {
        assertThat(sse.status()).isEqualTo(403);
        assertThat(sse.body()).contains("admits only the clients it lists");
      }
      // mallory's stream joined the open room first, then left it when the second join was refused
      assertThat(ws.next("presence").getString("event")).isEqualTo("join");
      assertThat(ws.next("presence").getString("event")).isEqualTo("leave");
      JsonObject members = ws.request(new JsonObject().put("op", "members").put("room", open), "m");
      assertThat(members.getJsonArray("members")).hasSize(1);

      try (SseTestClient none = SseTestClient.open(client, porthouse.port(), "/sse?rooms=no-such-room-" + UUID.randomUUID())) {
        assertThat(none.status()).isEqualTo(404);
      }
      try (SseTestClient bad = SseTestClient.open(client, porthouse.port(), "/sse")) {
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("/sse?rooms=");
      }
      try (SseTestClient bad = SseTestClient.open(client, porthouse.port(), "/sse?rooms=a%20b")) {
        assertThat(bad.status()).isEqualTo(400);
      }
      try (SseTestClient bad = SseTestClient.open(client, porthouse.port(), "/sse?rooms=" + open + "&token=not.a.jwt")) {
        assertThat(bad.status()).isEqualTo(401);
      }
    }
  }

  @Test
  void aRefusedStreamsConnectionKeepsItsReadTimeout() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", porthouse.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET /sse?rooms=no-such-room HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = socket.getInputStream();
      byte[] head = new byte[12];
      assertThat(in.readNBytes(head, 0, 12)).isEqualTo(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 404");
      // then silence: the server closes the idle connection (2 s here), it does not keep it for good
      while (in.read() >= 0) {
        // the rest of the answer
      }
    }
  }

  @Test
  void aStreamOutlivesTheReadTimeoutOfSilentSockets() {
    String room;
    try (WsTestClient ws = porthouse.as("carol", "owner")) { // a room that stays when its creator leaves
      room = room(ws, "quiet", new JsonObject().put("persistent", true));
    }
    try (SseTestClient sse = SseTestClient.open(client, porthouse.port(), "/sse?rooms=" + room)) {
      assertThat(sse.status()).as(sse.body()).isEqualTo(200);
      sse.next("joined");
      sse.awaitComments(4); // pings every second: past the 2 s after which a silent socket is closed
      try (WsTestClient ws = porthouse.as("carol", "primary")) {
        ws.request(new JsonObject().put("op", "join").put("room", room), "j");
        long seq = send(ws, room, "still there");
        assertThat(sse.next("msg").json().getLong("seq")).isEqualTo(seq);
        assertThat(sse.ended()).isFalse();
      }
    }
  }

  @Test
  void theBrowsersEventSourceReconnectsByItselfAndResumesWithLastEventId() {
    try (WsTestClient ws = porthouse.as("carol", "primary");
         NodeJsProcess browser = NodeJsProcess.start("browser-sse.mjs", Map.of(), "http://127.0.0.1:" + porthouse.port(),
             String.valueOf(Ports.freePort()), String.valueOf(Ports.freePort()))) {
      String room = room(ws, "eventsource", new JsonObject());
      browser.command(new JsonObject().put("cmd", "open").put("token", porthouse.tokens().token("alice")).put("room", room));
      assertThat(browser.next("joined").getString("room")).isEqualTo(room);
      long first = send(ws, room, new JsonObject().put("text", "hello"));
      JsonObject got = browser.next("msg");
      assertThat(got.getLong("seq")).isEqualTo(first);
      assertThat(got.getString("id")).startsWith(room + ":" + first + ":");

      browser.command(new JsonObject().put("cmd", "drop"));
      browser.next("dropped");
      browser.next("error"); // the stream is cut: EventSource says so, and tries again by itself
      long missed = send(ws, room, new JsonObject().put("text", "while you were away"));
      browser.command(new JsonObject().put("cmd", "online"));
      JsonObject resumed = browser.next(l -> "joined".equals(l.getString("event")), Duration.ofSeconds(20));
      assertThat(resumed.getBoolean("recovered")).as("resumed from Last-Event-ID").isTrue();
      assertThat(resumed.getJsonArray("order").getList()).containsExactly("msg " + missed, "joined true");
      long live = send(ws, room, new JsonObject().put("text", "live"));
      assertThat(browser.next(l -> "msg".equals(l.getString("event")) && l.getLong("seq") == live)).isNotNull();
      browser.command(new JsonObject().put("cmd", "close"));
      browser.next("closed");
    }
  }
}
