package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A send's {@code id} and a post's {@code Idempotency-Key}: a client's retry is the same message, over real sockets. */
class IdempotentSendTest {

  private static EmbeddedFixture porthouse;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject());
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  @Test
  void aRetryWithTheSameIdFromAnotherSocketOfTheClientGetsTheFirstSeqAndIsDeliveredOnce() {
    String room = "idem-" + UUID.randomUUID();
    try (WsTestClient member = porthouse.as("member", "primary");
         WsTestClient first = porthouse.as("alice", "primary");
         WsTestClient reconnected = porthouse.as("alice", "primary");
         WsTestClient bob = porthouse.as("bob", "primary")) {
      assertThat(member.request(new JsonObject().put("op", "create").put("room", room), "c").getString("op")).isEqualTo("created");
      for (WsTestClient c : new WsTestClient[] {member, first, reconnected, bob}) {
        assertThat(c.request(new JsonObject().put("op", "join").put("room", room), "j").getString("op")).isEqualTo("joined");
      }
      JsonObject send = new JsonObject().put("op", "send").put("room", room).put("id", "m-1").put("data", "once");
      long seq = first.request(send, "s1").getLong("seq");
      JsonObject retry = reconnected.request(send.copy().put("data", "a retry's data is not looked at"), "s2");
      assertThat(retry.getString("op")).isEqualTo("ack");
      assertThat(retry.getLong("seq")).as("the original seq").isEqualTo(seq);
      JsonObject other = bob.request(send, "s3"); // the same id from another client is another message
      assertThat(other.getLong("seq")).isEqualTo(seq + 1);
      long fence = first.request(new JsonObject().put("op", "send").put("room", room).put("data", "fence"), "f").getLong("seq");
      JsonObject got = member.next("msg");
      assertThat(got.getLong("seq")).isEqualTo(seq);
      assertThat(got.getString("data")).isEqualTo("once");
      assertThat(member.next("msg").getLong("seq")).isEqualTo(seq + 1);
      assertThat(member.next("msg").getLong("seq")).as("nothing delivered twice before the fence").isEqualTo(fence);
      JsonObject tooLong = first.request(send.copy().put("id", "x".repeat(129)), "s4");
      assertThat(tooLong.getString("code")).isEqualTo("bad_request");
    }
  }

  @Test
  void aPostRetriedWithTheSameIdempotencyKeyIsAnsweredItsFirstSeqAndDeliveredOnce() throws Exception {
    String room = "idem-post-" + UUID.randomUUID();
    try (WsTestClient member = porthouse.as("member", "primary")) {
      assertThat(member.request(new JsonObject().put("op", "create").put("room", room), "c").getString("op")).isEqualTo("created");
      assertThat(member.request(new JsonObject().put("op", "join").put("room", room), "j").getString("op")).isEqualTo("joined");
      String token = porthouse.tokens().token("poster");
      HttpResponse<String> first = post(room, "{\"n\":1}", token, "order-42");
      HttpResponse<String> again = post(room, "{\"n\":1}", token, "order-42");
      HttpResponse<String> other = post(room, "{\"n\":2}", token, "order-43");
      assertThat(first.statusCode()).isEqualTo(202);
      assertThat(again.statusCode()).isEqualTo(202);
      long seq = new JsonObject(first.body()).getLong("seq");
      assertThat(new JsonObject(again.body()).getLong("seq")).isEqualTo(seq);
      assertThat(new JsonObject(other.body()).getLong("seq")).isEqualTo(seq + 1);
      assertThat(member.next("msg").getLong("seq")).isEqualTo(seq);
      assertThat(member.next("msg").getLong("seq")).as("the retry was not delivered").isEqualTo(seq + 1);
      assertThat(post(room, "1", token, "").statusCode()).as("an empty key").isEqualTo(400);
    }
  }

  private HttpResponse<String> post(String room, String json, String token, String key) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + porthouse.port() + "/rooms/" + room + "/messages"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
