package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Ports;
import io.porthouse.testing.ProtocolTestClient;
import io.porthouse.testing.RawTestClient;
import io.porthouse.testing.TcpTestClient;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Room rules enforced by the room's sequencer, the same over WebSocket, TCP and raw room sockets. */
class RoomRulesTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("tcp", new JsonObject().put("port", Ports.freePort()))
        .put("rooms", new JsonObject().put("passwordIterations", 100_000)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static String room(WsTestClient owner, JsonObject rules) {
    String room = "rules-" + UUID.randomUUID();
    JsonObject created = owner.request(op("create", room).put("rules", rules), "c");
    assertThat(created.getString("op")).as(created.encode()).isEqualTo("created");
    return room;
  }

  private static String code(JsonObject reply) {
    return "error".equals(reply.getString("op")) ? reply.getString("code") : reply.getString("op");
  }

  private TcpTestClient tcpAs(String sub, String... roles) {
    TcpTestClient tcp = TcpTestClient.connect(porthouse.clientVertx(), porthouse.tcpPort());
    tcp.welcome();
    if (sub != null) {
      assertThat(tcp.request(new JsonObject().put("op", "auth").put("token", porthouse.tokens().token(sub, roles)), "a")
          .getString("op")).isEqualTo("authed");
    }
    return tcp;
  }

  @Test
  void accessRulesAdmitOnlyTheIdentitiesTheyNameOnEveryIngress() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient anon = porthouse.anonymous();
         WsTestClient staff = porthouse.as("sam", "staff"); TcpTestClient tcpAnon = tcpAs(null);
         TcpTestClient tcpBob = tcpAs("bob"); TcpTestClient tcpStaff = tcpAs("tess", "staff")) {
      String authed = room(alice, new JsonObject().put("authenticated", true));
      assertThat(code(anon.request(op("join", authed), 1))).isEqualTo("unauthorized");
      assertThat(code(tcpAnon.request(op("join", authed), 1))).isEqualTo("unauthorized");
      assertThat(code(tcpBob.request(op("join", authed), 1))).isEqualTo("joined");

      String staffOnly = room(alice, new JsonObject().put("roles", new JsonArray().add("staff")));
      assertThat(code(tcpBob.request(op("join", staffOnly), 2))).isEqualTo("forbidden");
      assertThat(code(tcpStaff.request(op("join", staffOnly), 2))).isEqualTo("joined");
      assertThat(code(staff.request(op("join", staffOnly), 2))).isEqualTo("joined");
      assertThat(code(alice.request(op("join", staffOnly), 2))).as("the room's creator").isEqualTo("joined");

      try (TcpTestClient eve = tcpAs("eve")) {
        for (int i = 0; i < 3; i++) {
          assertThat(code(eve.request(op("join", staffOnly), "e" + i))).isEqualTo("forbidden");
        }
        assertThat(code(eve.request(op("join", staffOnly), "e3"))).as("refused three times: slowed down").isEqualTo("rate_limited");
        assertThat(code(eve.request(op("join", authed), "e4"))).as("per room").isEqualTo("joined");
      }

      String bobs = room(alice, new JsonObject().put("clients", new JsonArray().add("bob")));
      assertThat(code(staff.request(op("join", bobs), 3))).isEqualTo("forbidden");
      assertThat(code(tcpBob.request(op("join", bobs), 3))).isEqualTo("joined");

      JsonObject seenByStaff = staff.request(new JsonObject().put("op", "rooms"), 4);
      JsonObject seenByAnon = anon.request(new JsonObject().put("op", "rooms"), 4);
      assertThat(seenByStaff.getJsonArray("rooms").stream().map(r -> ((JsonObject) r).getString("name")))
          .as("listed to the identities its rules name").contains(staffOnly, authed).doesNotContain(bobs);
      assertThat(seenByAnon.getJsonArray("rooms").stream().map(r -> ((JsonObject) r).getString("name")))
          .doesNotContain(staffOnly, authed, bobs);
    }
  }

  @Test
  void aPasswordRoomTakesTheRightPasswordAndSlowsDownWrongOnes() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob");
         TcpTestClient carol = tcpAs("carol")) {
      String room = room(alice, new JsonObject().put("password", "correct horse"));
      assertThat(code(bob.request(op("join", room), 1))).isEqualTo("forbidden");
      JsonObject wrong = bob.request(op("join", room).put("password", "wrong horse"), 2);
      assertThat(code(wrong)).isEqualTo("forbidden");
      assertThat(wrong.getString("message")).contains("wrong password");
      JsonObject tooSoon = bob.request(op("join", room).put("password", "correct horse"), 3);
      assertThat(code(tooSoon)).as("within a second of a wrong one: not even checked").isEqualTo("rate_limited");
      assertThat(code(carol.request(op("join", room).put("password", "correct horse"), 1))).isEqualTo("joined");
      JsonObject rules = carol.request(op("rules", room), 2);
      assertThat(rules.getJsonObject("rules").getValue("password")).as("never the hash").isEqualTo(true);
      assertThat(rules.encode()).doesNotContain("pbkdf2").doesNotContain("horse");
    }
  }

  @Test
  void sendRulesEchoAndLimitsHoldForWebSocketAndTcpSenders() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob");
         TcpTestClient speaker = tcpAs("sue", "speaker")) {
      String room = room(alice, new JsonObject().put("sendRoles", new JsonArray().add("speaker")).put("echo", true)
          .put("to", false).put("maxMessageBytes", 64).put("rate", 2).put("burst", 2));
      for (ProtocolTestClient m : new ProtocolTestClient[] {alice, bob, speaker}) {
        assertThat(code(m.request(op("join", room), "j"))).isEqualTo("joined");
      }
      assertThat(code(bob.request(op("send", room).put("data", new JsonObject().put("n", 0)), 1))).isEqualTo("forbidden");
      assertThat(code(speaker.request(op("send", room).put("data", new JsonObject().put("n", 1)), 1))).isEqualTo("ack");
      assertThat(speaker.next("msg").getJsonObject("data").getInteger("n")).as("echo").isEqualTo(1);
      assertThat(bob.next("msg").getJsonObject("data").getInteger("n")).isEqualTo(1);
      assertThat(code(speaker.request(op("send", room).put("data", new JsonObject().put("n", 2))
          .put("to", new JsonArray().add(bob.socketId())), 2))).isEqualTo("forbidden");
      assertThat(code(speaker.request(op("send", room).put("data", new JsonObject().put("big", "x".repeat(100))), 3)))
          .isEqualTo("too_large");
      assertThat(code(speaker.request(op("send", room).put("data", new JsonObject().put("n", 3)), 4))).isEqualTo("ack");
      assertThat(code(speaker.request(op("send", room).put("data", new JsonObject().put("n", 4)), 5)))
          .as("burst of 2 used up").isEqualTo("rate_limited");
      assertThat(code(alice.request(op("send", room).put("data", new JsonObject().put("n", 5)), 6))).as("the owner").isEqualTo("ack");
    }
  }

  @Test
  void roomsAdmitMembersUpToTheirLimitsAnonymousCountedApart() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient anon1 = porthouse.anonymous();
         WsTestClient anon2 = porthouse.anonymous(); TcpTestClient bob = tcpAs("bob"); WsTestClient carol = porthouse.as("carol")) {
      String room = room(alice, new JsonObject().put("maxMembers", 3).put("maxAnonymous", 1));
      assertThat(code(anon1.request(op("join", room), 1))).isEqualTo("joined");
      assertThat(code(anon2.request(op("join", room), 1))).isEqualTo("forbidden");
      assertThat(code(bob.request(op("join", room), 1))).isEqualTo("joined");
      assertThat(code(alice.request(op("join", room), 1))).isEqualTo("joined");
      JsonObject full = carol.request(op("join", room), 1);
      assertThat(code(full)).isEqualTo("forbidden");
      assertThat(full.getString("message")).contains("full");
      assertThat(code(alice.request(op("create", "rules-" + UUID.randomUUID()).put("rules",
          new JsonObject().put("maxMembers", 2_000_000)), 2))).as("above the server's ceiling").isEqualTo("bad_request");
    }
  }

  @Test
  void formatsConvertOnceBetweenRawTextAndProtocolMembers() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob")) {
      String json = room(alice, new JsonObject().put("format", "json"));
      bob.request(op("join", json), 1);
      alice.request(op("join", json), 1);
      assertThat(code(alice.request(op("send", json).put("data", "just a string"), 2))).isEqualTo("bad_request");
      try (RawTestClient raw = RawTestClient.connect(porthouse.clientVertx(), porthouse.port(), json,
          porthouse.tokens().token("rita"))) {
        raw.sendText("{\"from\":\"raw\"}");
        assertThat(bob.next("msg").getJsonObject("data").getString("from")).as("raw text that is JSON: JSON data").isEqualTo("raw");
      }
      String text = room(alice, new JsonObject().put("format", "text"));
      bob.request(op("join", text), 3);
      alice.request(op("join", text), 3);
      alice.request(op("send", text).put("data", new JsonObject().put("a", 1)), 4);
      assertThat(bob.next("msg").getString("data")).as("JSON data delivered as its text").isEqualTo("{\"a\":1}");
    }
  }

  @Test
  void onlyTheOwnerChangesRulesMembersAreToldAndTheNewRulesHoldAtOnce() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); WsTestClient bob = porthouse.as("bob")) {
      String room = room(alice, new JsonObject());
      alice.request(op("join", room), 1);
      bob.request(op("join", room), 1);
      assertThat(code(bob.request(op("rules", room).put("rules", new JsonObject().put("echo", true)), 2))).isEqualTo("forbidden");
      assertThat(code(alice.request(op("rules", room).put("rules", new JsonObject().put("echoo", true)), 2))).isEqualTo("bad_request");
      JsonObject changed = alice.request(op("rules", room).put("rules", new JsonObject().put("echo", true).put("send", "owner")), 3);
      assertThat(changed.getJsonObject("rules").getBoolean("echo")).isTrue();
      JsonObject told = bob.next("rules");
      assertThat(told.getJsonObject("rules").getString("send")).isEqualTo("owner");
      assertThat(code(bob.request(op("send", room).put("data", 1), 4))).isEqualTo("forbidden");
      alice.request(op("send", room).put("data", 2), 5);
      assertThat(alice.next("msg").getInteger("data")).as("echo, changed at run time").isEqualTo(2);
      assertThat(bob.next("msg").getInteger("data")).isEqualTo(2);
    }
  }

  @Test
  void roomNamesWithInvisibleBidiOrBlankLookingCharactersAreRefusedEverywhere() {
    try (WsTestClient alice = porthouse.as("alice", "primary"); TcpTestClient bob = tcpAs("bob", "primary")) {
      for (String bad : new String[] {"a\u202Eb", "a\u200Bb", "a\u00A0b", "\u3164", "e\u0301", "x".repeat(129)}) {
        assertThat(code(alice.request(op("create", bad), 1))).as(bad).isEqualTo("bad_request");
        assertThat(code(bob.request(op("create", bad), 1))).as(bad).isEqualTo("bad_request");
      }
      assertThat(code(alice.request(op("create", "café-" + UUID.randomUUID()), 2))).isEqualTo("created");
      assertThat(code(alice.request(op("create", "\uD83D\uDE80-" + "x".repeat(90)), 3))).as("code points, not chars").isEqualTo("created");
    }
  }
}
