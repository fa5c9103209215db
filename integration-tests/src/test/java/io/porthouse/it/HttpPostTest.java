package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Posts;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /rooms/{room}/messages} over real HTTP: the server-side publish API, members on WebSocket. */
class HttpPostTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("session", new JsonObject().put("maxMessageBytes", 1024).put("ratePerSecond", 5).put("rateBurst", 5)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static String roomWith(WsTestClient member) {
    String room = "post-" + UUID.randomUUID();
    assertThat(member.request(new JsonObject().put("op", "create").put("room", room), "c").getString("op")).isEqualTo("created");
    assertThat(member.request(new JsonObject().put("op", "join").put("room", room), "j").getString("op")).isEqualTo("joined");
    return room;
  }

  private String token(String sub) {
    return porthouse.tokens().token(sub);
  }

  @Test
  void aJsonPostIsAcceptedWithItsSeqAndReachesMembersFromNoSocket() {
    try (WsTestClient member = porthouse.as("owner", "primary")) {
      String room = roomWith(member);
      Posts.Answer answer = Posts.postJson(porthouse.port(), room, "{\"n\": 1.50}", token("poster"));
      assertThat(answer.status()).isEqualTo(202);
      long seq = answer.json().getLong("seq");
      String raw = member.nextRaw(f -> "msg".equals(f.getString("op")));
      JsonObject msg = new JsonObject(raw);
      assertThat(msg.getLong("seq")).isEqualTo(seq);
      assertThat(msg.containsKey("from")).isTrue();
      assertThat(msg.getString("from")).isNull();
      assertThat(msg.getString("client")).isEqualTo("poster");
      assertThat(raw).contains("\"data\":{\"n\": 1.50}"); // the body's bytes, unaltered
    }
  }

  @Test
  void aFormBecomesAJsonObjectOfItsFields() {
    try (WsTestClient member = porthouse.as("owner", "primary")) {
      String room = roomWith(member);
      Posts.Answer answer = Posts.post(porthouse.port(), room, "application/x-www-form-urlencoded",
          "name=Ann+Lee&tag=a&tag=b%26c", token("form"));
      assertThat(answer.status()).isEqualTo(202);
      assertThat(member.next("msg").getJsonObject("data"))
          .isEqualTo(new JsonObject().put("name", "Ann Lee").put("tag", new JsonArray().add("a").add("b&c")));
    }
  }

  @Test
  void errorsAreV1ErrorBodiesWithTheirHttpStatus() {
    try (WsTestClient member = porthouse.as("owner", "primary")) {
      String room = roomWith(member);
      int port = porthouse.port();
      assertError(Posts.postJson(port, room, "1", null), 401, "unauthorized");
      assertError(Posts.postJson(port, room, "1", "not.a.token"), 401, "unauthorized");
      assertError(Posts.postJson(port, "no-such-" + UUID.randomUUID(), "1", token("p")), 404, "not_found");
      assertError(Posts.postJson(port, room, "{\"a\":", token("p")), 400, "bad_request");
      assertError(Posts.postJson(port, room, "1 2", token("p")), 400, "bad_request");
      assertError(Posts.postJson(port, room, "\"" + "x".repeat(2000) + "\"", token("p")), 413, "too_large");
      assertError(Posts.post(port, room, "text/plain", "hi", token("p")), 415, "bad_request");
      assertError(Posts.post(port, room, "application/x-www-form-urlencoded", "a=%zz", token("p")), 400, "bad_request");
      assertError(Posts.postJson(port, room, "[".repeat(100) + "]".repeat(100), token("p")), 400, "bad_request");
      assertThat(member.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
      // the member's socket is undisturbed
      assertThat(member.request(new JsonObject().put("op", "ping"), "p").getString("op")).isEqualTo("pong");
    }
  }

  @Test
  void aClientPostingFasterThanItsRateIsRateLimited() {
    try (WsTestClient member = porthouse.as("owner", "primary")) {
      String room = roomWith(member);
      String token = token("fast-" + UUID.randomUUID());
      int accepted = 0;
      int limited = 0;
      for (int i = 0; i < 12; i++) {
        Posts.Answer a = Posts.postJson(porthouse.port(), room, Integer.toString(i), token);
        if (a.status() == 202) {
          accepted++;
        } else {
          assertError(a, 429, "rate_limited");
          limited++;
        }
      }
      assertThat(accepted).isBetween(5, 8); // a burst of 5, plus what refilled meanwhile
      assertThat(limited).isPositive();
    }
  }

  private static void assertError(Posts.Answer a, int status, String code) {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    JsonObject body = a.json();
    assertThat(body.getString("op")).isEqualTo("error");
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }
}
