package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.NodeJsProcess;
import io.porthouse.testing.TestBackend;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's backend deciding over real sockets, through a real HTTP backend
 * ({@link TestBackend}): who a socket without a token is (connect), whether a client may join a
 * room of a hooked template (join, with info shown in presence), what a message becomes
 * (publish: allowed, refused, rewritten, kept in order), and rpc. Every call it received was
 * signed with the shared secret.
 */
class BackendHooksTest {

  static final String SECRET = "hooks-test-secret-" + UUID.randomUUID();
  private static TestBackend backend;
  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    backend = TestBackend.start(SECRET, 0);
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("hooks", new JsonObject().put("url", backend.url()).put("secret", SECRET).put("connect", true)
            .put("rpc", true).put("connectHeaders", new JsonArray().add("Cookie")))
        .put("templates", new JsonObject()
            .put("club:*", new JsonObject().put("autoCreate", true).put("hooks", new JsonArray().add("join"))
                .put("rules", new JsonObject().put("presence", true)))
            .put("moderated:*", new JsonObject().put("autoCreate", true).put("hooks", new JsonArray().add("publish")))
            .put("open:*", new JsonObject().put("autoCreate", true))));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
    backend.close();
  }

  @AfterEach
  void everyCallWasSigned() {
    assertThat(backend.calls()).allMatch(TestBackend.Call::signedRight);
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static WsTestClient withCookie(String cookie) {
    return WsTestClient.connect(porthouse.clientVertx(), porthouse.port(), "/ws",
        MultiMap.caseInsensitiveMultiMap().add("Cookie", cookie).add("X-Not-Shown", "secret-stuff"));
  }

  @Test
  void aSocketWithoutATokenIsWhoTheBackendSaysAndJoinsTheRoomsItNames() {
    String room = "open:" + UUID.randomUUID();
    backend.on("connect", body -> body.getJsonObject("headers").getString("Cookie", "").equals("session=carol")
        ? TestBackend.result(new JsonObject().put("client", "carol").put("roles", new JsonArray().add("primary"))
            .put("rooms", new JsonArray().add(room)))
        : TestBackend.refuse("unauthorized", "no session"));
    try (WsTestClient carol = withCookie("session=carol")) {
      assertThat(carol.welcome().getString("client")).isEqualTo("carol");
      JsonObject joined = carol.next("joined");
      assertThat(joined.getString("room")).isEqualTo(room);
      TestBackend.Call call = backend.calls("connect").get(backend.calls("connect").size() - 1);
      assertThat(call.body().getString("transport")).isEqualTo("ws");
      assertThat(call.body().getString("address")).isEqualTo("127.0.0.1");
      assertThat(call.body().getJsonObject("headers").fieldNames()).containsExactly("Cookie");
      // carol has role primary from the backend: she may create rooms
      assertThat(carol.request(op("create", "open:made-" + UUID.randomUUID()), "c").getString("op")).isEqualTo("created");
      assertThat(carol.request(new JsonObject().put("op", "send").put("room", room).put("data", "hi"), "s")
          .getLong("seq")).isEqualTo(1);
    }
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws",
        MultiMap.caseInsensitiveMultiMap().add("Cookie", "session=nobody"))).as("refused by the backend").isEqualTo(401);
    backend.on("connect", body -> TestBackend.refuse("forbidden", "banned"));
    assertThat(WsTestClient.upgradeStatus(porthouse.clientVertx(), porthouse.port(), "/ws",
        MultiMap.caseInsensitiveMultiMap())).isEqualTo(403);
    int before = backend.calls("connect").size();
    try (WsTestClient alice = porthouse.as("alice")) { // a token: the backend is not asked
      assertThat(alice.welcome().getString("client")).isEqualTo("alice");
    }
    assertThat(backend.calls("connect")).hasSize(before);
  }

  @Test
  void aSockJsSessionIsWhoTheBackendSaysEvenWhenItAnswersLate() {
    backend.on("connect", body -> backend.later(300, TestBackend.result(new JsonObject()
        .put("client", "sock-" + body.getString("transport")))));
    try (NodeJsProcess js = NodeJsProcess.start("bridge-driver.mjs", Map.of(),
        "http://127.0.0.1:" + porthouse.port() + "/eventbus")) {
      js.next("open");
      js.command(new JsonObject().put("cmd", "send").put("id", 1).put("address", "porthouse.in")
          .put("body", new JsonObject().put("op", "hello")).put("headers", new JsonObject()));
      JsonObject reply = js.next(l -> l.getInteger("id", -1) == 1);
      assertThat(reply.getString("event")).as(reply.encode()).isEqualTo("reply");
      assertThat(reply.getJsonObject("body").getString("client")).isEqualTo("sock-sockjs");
    }
    backend.on("connect", body -> backend.later(200, TestBackend.refuse("forbidden", "not you")));
    try (NodeJsProcess refused = NodeJsProcess.start("bridge-driver.mjs", Map.of(),
        "http://127.0.0.1:" + porthouse.port() + "/eventbus")) {
      refused.next("open");
      refused.command(new JsonObject().put("cmd", "send").put("id", 2).put("address", "porthouse.in")
          .put("body", new JsonObject().put("op", "hello")).put("headers", new JsonObject()));
      assertThat(refused.next("closed")).as("refused by the backend: closed, its hello never run").isNotNull();
      assertThat(refused.pending()).noneMatch(l -> "reply".equals(l.getString("event")));
    }
  }

  @Test
  void theJoinHookAdmitsWithInfoShownInPresenceAndRefusesWithItsCode() {
    String room = "club:" + UUID.randomUUID();
    backend.on("join", body -> "mallory".equals(body.getString("client"))
        ? TestBackend.refuse("forbidden", "mallory is banned from " + body.getString("room"))
        : TestBackend.result(new JsonObject().put("info", new JsonObject().put("nick", body.getString("client") + "!"))));
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient bob = porthouse.as("bob");
         WsTestClient mallory = porthouse.as("mallory")) {
      JsonObject aliceIn = alice.request(op("join", room), "j");
      assertThat(aliceIn.getString("op")).as("auto-created by the template: " + aliceIn).isEqualTo("joined");
      TestBackend.Call asked = backend.next("join", b -> room.equals(b.getString("room")) && "alice".equals(b.getString("client")));
      assertThat(asked.body().getString("socket")).isEqualTo(alice.socketId());
      bob.request(op("join", room), "j");
      JsonObject presence = alice.next("presence");
      assertThat(presence.getJsonObject("info")).isEqualTo(new JsonObject().put("nick", "bob!"));
      JsonObject refused = mallory.request(op("join", room), "j");
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getString("message")).isEqualTo("mallory is banned from " + room);
      JsonObject members = alice.request(op("members", room), "m");
      assertThat(members.getJsonArray("members")).hasSize(2);
      assertThat(members.getJsonArray("members").getJsonObject(0).getJsonObject("info"))
          .isEqualTo(new JsonObject().put("nick", "alice!"));
      // the template's rules: presence on
      assertThat(alice.request(op("rules", room), "r").getJsonObject("rules").getBoolean("presence")).isTrue();
    }
  }

  @Test
  void thePublishHookAllowsRefusesAndRewritesAndNothingRefusedTakesASeq() {
    String room = "moderated:" + UUID.randomUUID();
    backend.on("publish", body -> {
      Object data = body.getValue("data");
      if (String.valueOf(data).contains("spam")) {
        return TestBackend.refuse("forbidden", "no spam here");
      }
      if (data instanceof JsonObject o && o.containsKey("shout")) {
        return TestBackend.result(new JsonObject().put("data", new JsonObject().put("shout", o.getString("shout").toUpperCase())));
      }
      return TestBackend.result(new JsonObject());
    });
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient bob = porthouse.as("bob")) {
      JsonObject in = alice.request(op("join", room), "j");
      assertThat(in.getString("op")).as(in.encode()).isEqualTo("joined");
      bob.request(op("join", room), "j");
      assertThat(alice.request(op("send", room).put("data", "hello"), 1).getLong("seq")).isEqualTo(1);
      JsonObject refused = alice.request(op("send", room).put("data", "buy spam"), 2);
      assertThat(refused.getString("code")).isEqualTo("forbidden");
      assertThat(refused.getString("message")).isEqualTo("no spam here");
      assertThat(alice.request(op("send", room).put("data", new JsonObject().put("shout", "hey")), 3).getLong("seq"))
          .as("the refused message took no seq").isEqualTo(2);
      JsonObject first = bob.next("msg");
      assertThat(first.getValue("data")).isEqualTo("hello");
      JsonObject second = bob.next("msg");
      assertThat(second.getLong("seq")).isEqualTo(2);
      assertThat(second.getJsonObject("data")).isEqualTo(new JsonObject().put("shout", "HEY"));
      TestBackend.Call call = backend.next("publish", b -> "hello".equals(b.getValue("data")));
      assertThat(call.body().getString("client")).isEqualTo("alice");
      assertThat(call.body().getString("room")).isEqualTo(room);
    }
  }

  @Test
  void theBackendNeverHearsOfMessagesTheRoomWouldRefuse() {
    String room = "moderated:" + UUID.randomUUID();
    backend.on("publish", body -> TestBackend.result(new JsonObject()));
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient stranger = porthouse.as("stranger")) {
      alice.request(op("join", room), "j");
      int before = backend.calls("publish").size();
      JsonObject notMember = stranger.request(op("send", room).put("data", "hi"), 1);
      assertThat(notMember.getString("code")).isEqualTo("forbidden");
      JsonObject noRoom = stranger.request(op("send", "moderated:none-" + UUID.randomUUID()).put("data", "hi"), 2);
      assertThat(noRoom.getString("code")).isEqualTo("not_found");
      assertThat(alice.request(op("send", room).put("data", "mine"), 3).getLong("seq")).isEqualTo(1);
      assertThat(backend.calls("publish")).hasSize(before + 1);
      assertThat(backend.calls("publish").get(before).body().getValue("data")).isEqualTo("mine");
    }
  }

  @Test
  void aSlowAnswerDelaysTheSendersLaterMessagesAndNeverReordersThem() {
    String room = "moderated:" + UUID.randomUUID();
    backend.on("publish", body -> "first".equals(body.getValue("data"))
        ? backend.later(400, TestBackend.result(new JsonObject())) : TestBackend.result(new JsonObject()));
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient bob = porthouse.as("bob")) {
      alice.request(op("join", room), "j");
      bob.request(op("join", room), "j");
      alice.send(op("send", room).put("data", "first").put("ref", 1));
      alice.send(op("send", room).put("data", "second").put("ref", 2));
      alice.send(op("send", room).put("data", "third").put("ref", 3));
      assertThat(bob.next("msg").getValue("data")).isEqualTo("first");
      assertThat(bob.next("msg").getValue("data")).isEqualTo("second");
      JsonObject third = bob.next("msg");
      assertThat(third.getValue("data")).isEqualTo("third");
      assertThat(third.getLong("seq")).isEqualTo(3);
    }
  }

  @Test
  void rpcIsAnsweredByTheBackendWithTheRef() {
    backend.on("rpc", body -> switch (body.getString("method")) {
      case "sum" -> TestBackend.result(new JsonObject().put("data",
          body.getJsonArray("data").stream().mapToInt(n -> (Integer) n).sum()));
      case "whoami" -> TestBackend.result(new JsonObject().put("data", new JsonObject().put("client", body.getString("client"))));
      default -> TestBackend.refuse("not_found", "no method " + body.getString("method"));
    });
    try (WsTestClient alice = porthouse.as("alice")) {
      JsonObject sum = alice.request(new JsonObject().put("op", "rpc").put("method", "sum").put("data", new JsonArray().add(1).add(2)), "r1");
      assertThat(sum).isEqualTo(new JsonObject().put("op", "rpc").put("ref", "r1").put("data", 3));
      JsonObject who = alice.request(new JsonObject().put("op", "rpc").put("method", "whoami"), "r2");
      assertThat(who.getJsonObject("data").getString("client")).isEqualTo("alice");
      JsonObject none = alice.request(new JsonObject().put("op", "rpc").put("method", "nope"), "r3");
      assertThat(none.getString("code")).isEqualTo("not_found");
      JsonObject bad = alice.request(new JsonObject().put("op", "rpc"), "r4");
      assertThat(bad.getString("code")).isEqualTo("bad_request");
    }
  }
}
