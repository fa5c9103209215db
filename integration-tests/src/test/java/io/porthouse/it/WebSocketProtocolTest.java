package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every op of protocol v1 and its errors, over real WebSocket connections to an embedded Porthouse. */
class WebSocketProtocolTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject().put("maxMessageBytes", 2048)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static String room() {
    return "room-" + UUID.randomUUID();
  }

  private static JsonObject op(String op) {
    return new JsonObject().put("op", op);
  }

  /** A room created by a primary socket and joined by {@code members}. */
  private static String roomWith(WsTestClient... members) {
    String room = room();
    try (WsTestClient admin = porthouse.as("admin", "primary")) {
      assertThat(admin.request(op("create").put("room", room), "c").getString("op")).isEqualTo("created");
      for (WsTestClient m : members) {
        assertThat(m.request(op("join").put("room", room), "j").getString("op")).isEqualTo("joined");
      }
    }
    return room;
  }

  @Test
  void welcomeNamesSocketClientAndNode() {
    try (WsTestClient anon = porthouse.anonymous(); WsTestClient alice = porthouse.as("alice", "primary")) {
      assertThat(anon.welcome().getString("socket")).isNotBlank();
      assertThat(anon.welcome().containsKey("client")).isTrue();
      assertThat(anon.welcome().getString("client")).isNull();
      assertThat(alice.welcome().getString("client")).isEqualTo("alice");
      assertThat(alice.welcome().getString("node")).isEqualTo(porthouse.porthouse().ingressNode());
      assertThat(alice.socketId()).isNotEqualTo(anon.socketId());
    }
  }

  @Test
  void tokenMayComeInTheQueryOrTheHeader() {
    String token = porthouse.tokens().token("carol", "primary");
    try (WsTestClient q = WsTestClient.connect(porthouse.clientVertx(), porthouse.port(), "/ws?token=" + token,
        MultiMap.caseInsensitiveMultiMap())) {
      assertThat(q.welcome().getString("client")).isEqualTo("carol");
    }
  }

  @Test
  void invalidTokenAtUpgradeIsRefusedWith401() {
    MultiMap none = MultiMap.caseInsensitiveMultiMap();
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws?token=not.a.jwt", none)).isEqualTo(401);
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws",
        MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.AUTHORIZATION, "Bearer x.y.z"))).isEqualTo(401);
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/elsewhere", none)).isEqualTo(404);
  }

  @Test
  void authOpGivesIdentityOrUnauthorized() {
    try (WsTestClient s = porthouse.anonymous()) {
      JsonObject bad = s.request(op("auth").put("token", "nope"), 1);
      assertThat(bad.getString("op")).isEqualTo("error");
      assertThat(bad.getString("code")).isEqualTo("unauthorized");
      JsonObject ok = s.request(op("auth").put("token", porthouse.tokens().token("dave", "primary", "x")), 2);
      assertThat(ok).isEqualTo(new JsonObject().put("op", "authed").put("ref", 2).put("client", "dave")
          .put("roles", new JsonArray().add("primary").add("x")));
      // the new identity counts for the very next frame
      assertThat(s.request(op("create").put("room", room()), 3).getString("op")).isEqualTo("created");
      JsonObject other = s.request(op("auth").put("token", porthouse.tokens().token("eve")), 4);
      assertThat(other.getString("code")).isEqualTo("forbidden");
    }
  }

  @Test
  void createNeedsRoleAndUniqueNameAndKnownRules() {
    String room = room();
    try (WsTestClient anon = porthouse.anonymous(); WsTestClient guest = porthouse.as("g", "guest");
         WsTestClient owner = porthouse.as("o", "owner")) {
      assertThat(anon.request(op("create").put("room", room), 1).getString("code")).isEqualTo("unauthorized");
      assertThat(guest.request(op("create").put("room", room), 1).getString("code")).isEqualTo("forbidden");
      JsonObject badRule = owner.request(op("create").put("room", room).put("rules", new JsonObject().put("colour", 1)), 1);
      assertThat(badRule.getString("code")).isEqualTo("bad_request");
      assertThat(badRule.getString("message")).contains("colour");
      assertThat(owner.request(op("create").put("room", room).put("rules", new JsonObject().put("maxMembers", 5)), 2))
          .isEqualTo(new JsonObject().put("op", "created").put("ref", 2).put("room", room));
      assertThat(owner.request(op("create").put("room", room), 3).getString("code")).isEqualTo("conflict");
      owner.sendText("NEW ROOM " + room + "-short");
      assertThat(owner.next("created").getString("room")).isEqualTo(room + "-short");
    }
  }

  @Test
  void joinLeaveAndRoomsList() {
    try (WsTestClient a = porthouse.anonymous(); WsTestClient b = porthouse.anonymous()) {
      assertThat(a.request(op("join").put("room", room()), 1).getString("code")).isEqualTo("not_found");
      String room = roomWith(a, b);
      JsonObject listed = a.request(op("rooms"), 2);
      assertThat(listed.getJsonArray("rooms")).contains(new JsonObject().put("name", room).put("type", "transient").put("members", 2));
      assertThat(a.request(op("leave").put("room", room), 3)).isEqualTo(new JsonObject().put("op", "left").put("ref", 3).put("room", room));
      assertThat(a.request(op("leave").put("room", room), 4).getString("code")).isEqualTo("not_found");
      assertThat(b.request(op("leave").put("room", room), 5).getString("op")).isEqualTo("left");
      // the last member left: the transient room is gone
      assertThat(a.request(op("rooms"), 6).getJsonArray("rooms").stream()
          .map(r -> ((JsonObject) r).getString("name"))).doesNotContain(room);
      assertThat(a.request(op("join").put("room", room), 7).getString("code")).isEqualTo("not_found");
    }
  }

  @Test
  void sendDeliversDataUnalteredToOthersAndAcksWithSeq() {
    try (WsTestClient a = porthouse.as("alice"); WsTestClient b = porthouse.anonymous(); WsTestClient c = porthouse.anonymous()) {
      String room = roomWith(a, b, c);
      String data = "{\"text\" :  \"héllo\", \"n\": 1.50e0, \"list\":[ 1,2 ]}";
      a.sendText("{\"op\":\"send\",\"room\":\"" + room + "\",\"ref\":\"m1\",\"data\":" + data + "}");
      assertThat(a.next(f -> "m1".equals(f.getValue("ref")))).isEqualTo(new JsonObject().put("op", "ack").put("ref", "m1").put("seq", 1));
      for (WsTestClient member : new WsTestClient[] {b, c}) {
        String raw = member.nextRaw(f -> "msg".equals(f.getString("op")));
        assertThat(raw).endsWith("\"data\":" + data + "}");
        JsonObject msg = new JsonObject(raw);
        assertThat(msg.getString("room")).isEqualTo(room);
        assertThat(msg.getLong("seq")).isEqualTo(1);
        assertThat(msg.getString("from")).isEqualTo(a.socketId());
        assertThat(msg.getString("client")).isEqualTo("alice");
      }
      // the sender does not get its own message: the next msg it sees is b's, seq 2
      b.send(op("send").put("room", room).put("data", "from b"));
      JsonObject next = a.next("msg");
      assertThat(next.getLong("seq")).isEqualTo(2);
      assertThat(next.getString("data")).isEqualTo("from b");
      assertThat(a.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
    }
  }

  @Test
  void sendWithToReachesOnlyListedMembers() {
    try (WsTestClient a = porthouse.anonymous(); WsTestClient b = porthouse.anonymous(); WsTestClient c = porthouse.anonymous();
         WsTestClient outsider = porthouse.anonymous()) {
      String room = roomWith(a, b, c);
      a.request(op("send").put("room", room).put("data", 1).put("to", new JsonArray().add(c.socketId()).add(outsider.socketId())), 1);
      a.request(op("send").put("room", room).put("data", 2), 2);
      assertThat(c.next("msg").getInteger("data")).isEqualTo(1);
      assertThat(c.next("msg").getInteger("data")).isEqualTo(2);
      // b skipped seq 1: its first message is the broadcast
      JsonObject first = b.next("msg");
      assertThat(first.getInteger("data")).isEqualTo(2);
      assertThat(first.getLong("seq")).isEqualTo(2);
      outsider.request(op("ping"), "p");
      assertThat(outsider.pending()).isEmpty();
    }
  }

  @Test
  void aSocketListedManyTimesInToGetsTheMessageOnce() {
    try (WsTestClient a = porthouse.anonymous(); WsTestClient b = porthouse.anonymous()) {
      String room = roomWith(a, b);
      JsonArray to = new JsonArray();
      for (int i = 0; i < 50; i++) {
        to.add(b.socketId());
      }
      a.request(op("send").put("room", room).put("data", "once").put("to", to), 1);
      a.request(op("send").put("room", room).put("data", "next"), 2);
      assertThat(b.next("msg").getString("data")).isEqualTo("once");
      assertThat(b.next("msg").getString("data")).as("no second copy").isEqualTo("next");
    }
  }

  @Test
  void roomsListsPublicOwnAndJoinedRoomsOnlyAPageAtATime() {
    try (WsTestClient alice = porthouse.as("alice-list", "primary"); WsTestClient stranger = porthouse.anonymous()) {
      String prefix = "list-" + UUID.randomUUID() + "-";
      alice.request(op("create").put("room", prefix + "public").put("rules", new JsonObject().put("public", true)), 1);
      alice.request(op("create").put("room", prefix + "private"), 2);
      alice.request(op("create").put("room", prefix + "joined"), 3);
      stranger.request(op("join").put("room", prefix + "joined"), 4);
      JsonArray seenByStranger = stranger.request(op("rooms"), 5).getJsonArray("rooms");
      assertThat(names(seenByStranger, prefix)).containsExactly(prefix + "joined", prefix + "public");
      assertThat(names(alice.request(op("rooms"), 6).getJsonArray("rooms"), prefix))
          .as("the creator sees her own rooms").containsExactly(prefix + "joined", prefix + "private", prefix + "public");
      JsonObject page = stranger.request(op("rooms").put("after", prefix + "joined"), 7);
      assertThat(names(page.getJsonArray("rooms"), prefix)).containsExactly(prefix + "public");
    }
  }

  private static java.util.List<String> names(JsonArray rooms, String prefix) {
    return rooms.stream().map(r -> ((JsonObject) r).getString("name")).filter(n -> n.startsWith(prefix)).toList();
  }

  @Test
  void sendingToARoomYouAreNotInIsForbiddenAndToNoRoomNotFound() {
    try (WsTestClient a = porthouse.anonymous(); WsTestClient b = porthouse.anonymous()) {
      String room = roomWith(a);
      assertThat(b.request(op("send").put("room", room).put("data", 1), 1).getString("code")).isEqualTo("forbidden");
      assertThat(b.request(op("send").put("room", room()).put("data", 1), 2).getString("code")).isEqualTo("not_found");
    }
  }

  @Test
  void badFramesGetBadRequestAndTheSocketStaysUsable() {
    try (WsTestClient s = porthouse.anonymous(); WsTestClient bystander = porthouse.anonymous()) {
      String room = roomWith(s, bystander);
      for (String bad : new String[] {"not json", "[1]", "{\"op\":\"fly\",\"ref\":1}", "{\"ref\":1}",
          "{\"op\":\"join\",\"ref\":1}", "{\"op\":\"join\",\"room\":7,\"ref\":1}", "{\"op\":\"send\",\"room\":\"r\",\"ref\":1}"}) {
        s.sendText(bad);
        JsonObject error = s.next("error");
        assertThat(error.getString("code")).as(bad).isEqualTo("bad_request");
        assertThat(error.getString("message")).isNotBlank();
      }
      assertThat(s.pending()).isEmpty(); // one error per bad frame, nothing else
      s.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
      assertThat(s.next("error").getString("code")).isEqualTo("bad_request");
      JsonObject ref = s.request(op("join").put("room", 7), "r1");
      assertThat(ref.getString("code")).isEqualTo("bad_request");
      assertThat(s.request(op("ping"), "alive")).isEqualTo(new JsonObject().put("op", "pong").put("ref", "alive"));
      s.request(op("send").put("room", room).put("data", "still here"), 9);
      assertThat(bystander.next("msg").getString("data")).isEqualTo("still here");
    }
  }

  @Test
  void tooLargeFramesGetTooLargeEchoingTheirRefAndTheSocketStaysUsable() {
    try (WsTestClient s = porthouse.anonymous()) {
      String big = "{\"op\":\"ping\",\"pad\":\"" + "x".repeat(3000) + "\"}";
      s.sendText(big);
      assertThat(s.next("error").getString("code")).isEqualTo("too_large");
      s.sendText("{\"ref\":\"big\",\"op\":\"send\",\"data\":\"" + "x".repeat(3000) + "\"}");
      JsonObject error = s.next("error");
      assertThat(error.getString("code")).isEqualTo("too_large");
      assertThat(error.getString("ref")).as("the ref of an oversized frame is echoed").isEqualTo("big");
      assertThat(s.request(op("ping"), 1).getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void jsonNestedDeeperThanTheLimitIsABadRequestEchoingItsRef() {
    try (WsTestClient s = porthouse.anonymous()) {
      String deep = "[".repeat(40) + "]".repeat(40);
      s.sendText("{\"op\":\"ping\",\"ref\":\"deep\",\"data\":" + deep + "}");
      JsonObject error = s.next("error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getString("message")).contains("deeper than 32 levels");
      assertThat(error.getString("ref")).isEqualTo("deep");
      s.sendText("{\"data\":" + deep + ",\"op\":\"ping\",\"ref\":7}");
      assertThat(s.next("error").getInteger("ref")).as("a ref after the nesting is found too").isEqualTo(7);
      String fine = "[".repeat(30) + "]".repeat(30);
      assertThat(s.request(op("ping").put("data", new io.vertx.core.json.JsonArray(fine)), "ok").getString("op"))
          .as("within the limit").isEqualTo("pong");
    }
  }

  @Test
  void pingPongEchoesNumberAndStringRefs() {
    try (WsTestClient s = porthouse.anonymous()) {
      assertThat(s.request(op("ping"), 42)).isEqualTo(new JsonObject().put("op", "pong").put("ref", 42));
      assertThat(s.request(op("ping"), "x")).isEqualTo(new JsonObject().put("op", "pong").put("ref", "x"));
      s.send(op("ping"));
      assertThat(s.next()).isEqualTo(op("pong"));
    }
  }

  @Test
  void closingASocketRemovesItFromItsRooms() {
    WsTestClient a = porthouse.anonymous();
    try (WsTestClient b = porthouse.anonymous()) {
      String room = roomWith(a, b);
      a.close();
      Eventually.until("closed socket left " + room, Duration.ofSeconds(10), () ->
          b.request(op("rooms"), UUID.randomUUID().toString()).getJsonArray("rooms")
              .contains(new JsonObject().put("name", room).put("type", "transient").put("members", 1)));
    }
  }

  @Test
  void statusEndpointAnswers() {
    io.vertx.core.http.HttpClient http = porthouse.clientVertx().createHttpClient();
    try {
      JsonObject health = WsTestClient.await(http.request(io.vertx.core.http.HttpMethod.GET, porthouse.port(), "127.0.0.1", "/status")
          .compose(req -> req.send()).compose(resp -> resp.body())).toJsonObject();
      assertThat(health.getString("status")).isEqualTo("ok");
    } finally {
      http.close();
    }
  }
}
