package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.TestBackend;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backend slow, dead and back, and identities it renews: callers get {@code unavailable}
 * saying why, rooms without hooks go on as if nothing happened, the breaker stops calls to a dead
 * backend and lets them through again once it is back, and metrics show each of those.
 */
class BackendTroubleTest {

  private static final String SECRET = "trouble-secret-" + UUID.randomUUID();
  private TestBackend backend;
  private EmbeddedFixture porthouse;

  private void start(int backendPort) {
    backend = TestBackend.start(SECRET, backendPort);
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("hooks", new JsonObject().put("url", backend.url()).put("secret", SECRET).put("connect", true)
            .put("refresh", true).put("refreshAheadSeconds", 1).put("timeoutMillis", 300).put("breakerFailures", 3)
            .put("breakerResetMillis", 1000))
        .put("templates", new JsonObject()
            .put("moderated:*", new JsonObject().put("autoCreate", true).put("hooks", new JsonArray().add("publish")))
            .put("open:*", new JsonObject().put("autoCreate", true))));
  }

  @AfterEach
  void stop() {
    if (porthouse != null) {
      porthouse.close();
    }
    if (backend != null) {
      backend.close();
    }
  }

  private static JsonObject send(String room, Object data) {
    return new JsonObject().put("op", "send").put("room", room).put("data", data);
  }

  private double calls(String outcome) {
    return Metrics.sum(porthouse.port(), "porthouse_hook_calls_total", "hook=\"publish\",outcome=\"" + outcome + "\"");
  }

  @Test
  void aSlowBackendIsUnavailableToItsRoomAloneAndNothingIsSequenced() {
    start(0);
    String hooked = "moderated:" + UUID.randomUUID();
    String open = "open:" + UUID.randomUUID();
    backend.on("publish", body -> "slow".equals(body.getValue("data"))
        ? backend.later(2_000, TestBackend.result(new JsonObject())) : TestBackend.result(new JsonObject()));
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient bob = porthouse.as("bob")) {
      for (String room : new String[] {hooked, open}) {
        alice.request(new JsonObject().put("op", "join").put("room", room), "j" + room);
        bob.request(new JsonObject().put("op", "join").put("room", room), "j" + room);
      }
      alice.send(send(hooked, "slow").put("ref", "slow"));
      // while the backend sits on it, the room without hooks goes on
      assertThat(alice.request(send(open, "meanwhile"), "open").getLong("seq")).isEqualTo(1);
      assertThat(bob.next("msg").getString("room")).isEqualTo(open);
      JsonObject slow = alice.next(f -> "slow".equals(f.getValue("ref")));
      assertThat(slow.getString("code")).isEqualTo("unavailable");
      assertThat(slow.getString("message")).contains("did not answer within 300 ms").contains("hook 'publish'");
      assertThat(alice.request(send(hooked, "quick"), "quick").getLong("seq")).as("the slow one took no seq").isEqualTo(1);
      assertThat(bob.next("msg").getValue("data")).isEqualTo("quick");
      assertThat(calls("timeout")).isEqualTo(1);
      assertThat(calls("ok")).isEqualTo(1);
      assertThat(Metrics.sum(porthouse.port(), "porthouse_hook_latency_seconds_count", "hook=\"publish\""))
          .as("answers only").isEqualTo(1);
    }
  }

  @Test
  void aDeadBackendOpensTheBreakerAndOnceBackCallsGoThroughAgain() {
    start(0);
    int port = backend.port();
    String hooked = "moderated:" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice")) {
      alice.request(new JsonObject().put("op", "join").put("room", hooked), "j");
      assertThat(alice.request(send(hooked, 1), 1).getLong("seq")).isEqualTo(1);
      backend.close(); // the backend dies
      backend = null;
      for (int i = 0; i < 3; i++) {
        JsonObject refused = alice.request(send(hooked, "down"), "down" + i);
        assertThat(refused.getString("code")).isEqualTo("unavailable");
        assertThat(refused.getString("message")).contains("cannot be reached");
      }
      JsonObject open = alice.request(send(hooked, "open"), "open");
      assertThat(open.getString("code")).isEqualTo("unavailable");
      assertThat(open.getString("message")).contains("is failing");
      assertThat(calls("unreachable")).isEqualTo(3);
      assertThat(calls("open")).isEqualTo(1);
      assertThat(Metrics.sum(porthouse.port(), "porthouse_hook_breaker", "hook=\"publish\"")).as("open").isEqualTo(2);
      backend = TestBackend.start(SECRET, port); // back, on the same port
      JsonObject again = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      for (int i = 0; System.nanoTime() < deadline; i++) { // the breaker lets one through after breakerResetMillis
        again = alice.request(send(hooked, "back"), "back" + i);
        if (again.containsKey("seq")) {
          break;
        }
        WsTestClient.await(porthouse.clientVertx().timer(200));
      }
      assertThat(again.getLong("seq")).as("nothing refused took a seq").isEqualTo(2);
      assertThat(Metrics.sum(porthouse.port(), "porthouse_hook_breaker", "hook=\"publish\"")).as("closed").isEqualTo(0);
      assertThat(backend.calls("publish")).allMatch(TestBackend.Call::signedRight);
    }
  }

  @Test
  void theBackendRenewsTheIdentityItGaveBeforeItExpiresOrLetsItExpire() {
    start(0);
    long exp = System.currentTimeMillis() / 1000 + 3;
    backend.on("connect", body -> TestBackend.result(new JsonObject()
        .put("client", body.getJsonObject("headers").isEmpty() ? "dave" : "erin").put("exp", exp)));
    backend.on("refresh", body -> "dave".equals(body.getString("client"))
        ? TestBackend.result(new JsonObject().put("exp", exp + 3600))
        : TestBackend.refuse("forbidden", "session over"));
    String room = "open:" + UUID.randomUUID();
    try (WsTestClient dave = WsTestClient.connect(porthouse.clientVertx(), porthouse.port());
         WsTestClient erin = WsTestClient.connect(porthouse.clientVertx(), porthouse.port(), "/ws",
             MultiMap.caseInsensitiveMultiMap().add("Cookie", "erin"))) {
      assertThat(dave.welcome().getString("client")).isEqualTo("dave");
      assertThat(erin.welcome().getString("client")).isEqualTo("erin");
      dave.request(new JsonObject().put("op", "join").put("room", room), "j");
      TestBackend.Call asked = backend.next("refresh", b -> "dave".equals(b.getString("client")));
      assertThat(asked.body().getLong("exp")).isEqualTo(exp);
      assertThat(System.currentTimeMillis()).as("asked before exp").isLessThan(exp * 1000);
      // erin's renewal was refused: she expires at exp, as a token would
      assertThat(erin.next(f -> "expired".equals(f.getString("op")), Duration.ofSeconds(10))).isNotNull();
      assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(exp * 1000);
      // dave goes on past exp, still in his room
      assertThat(dave.request(send(room, "still here"), "s").getLong("seq")).isEqualTo(1);
      assertThat(dave.pending()).noneMatch(f -> "expired".equals(f.getString("op")));
    }
  }
}
