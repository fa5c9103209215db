package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.TestBackend;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook events of a room, received by a real HTTP server that fails the first tries: every
 * event arrives, under the same id on each try, in the order the room made them, signed.
 */
class WebhooksTest {

  private static final String SECRET = "webhooks-secret-" + UUID.randomUUID();
  private TestBackend receiver;
  private EmbeddedFixture porthouse;

  @BeforeEach
  void start() {
    receiver = TestBackend.start(SECRET, 0);
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("webhooks", new JsonObject().put("url", receiver.url() + "/events").put("secret", SECRET)
            .put("retryMinMillis", 50).put("retryMaxMillis", 200).put("batchSize", 3))
        .put("rooms", new JsonObject().put("sweepMillis", 200))
        .put("templates", new JsonObject()
            .put("told:*", new JsonObject().put("autoCreate", true).put("events", new JsonArray(List.of(
                "room.occupied", "room.vacated", "member.joined", "member.left", "message.published"))))
            .put("quiet:*", new JsonObject().put("autoCreate", true))));
  }

  @AfterEach
  void stop() {
    porthouse.close();
    receiver.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  /** The events of {@code room} the receiver acknowledged, in the order it got them. */
  private List<JsonObject> acknowledged(String room, List<Integer> failedAnswers) {
    List<JsonObject> events = new ArrayList<>();
    List<TestBackend.Call> calls = receiver.calls("events");
    for (int i = 0; i < calls.size(); i++) {
      if (!failedAnswers.contains(i) && room.equals(calls.get(i).body().getString("room"))) {
        calls.get(i).body().getJsonArray("events").forEach(e -> events.add((JsonObject) e));
      }
    }
    return events;
  }

  @Test
  void everyEventArrivesAtLeastOnceUnderOneIdInTheOrderTheRoomMadeThem() {
    AtomicInteger answered = new AtomicInteger();
    List<Integer> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
    receiver.on("events", body -> {
      int n = answered.getAndIncrement();
      if (n < 3) { // the first three tries fail: 500, 500, then no answer at all
        failed.add(n);
        return n < 2 ? Future.failedFuture("not now") : Future.failedFuture("down");
      }
      return TestBackend.result(new JsonObject());
    });
    String room = "told:" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice"); WsTestClient bob = porthouse.as("bob")) {
      alice.request(op("join", room), "j");
      for (int i = 1; i <= 3; i++) {
        alice.request(op("send", room).put("data", new JsonObject().put("n", i)), "s" + i);
      }
      bob.request(op("join", room), "j");
      bob.request(op("leave", room), "l");
      alice.request(op("leave", room), "l");
      List<String> expected = List.of("room.occupied", "member.joined", "message.published", "message.published",
          "message.published", "member.joined", "member.left", "member.left", "room.vacated");
      receiver.next("events", b -> room.equals(b.getString("room"))
          && b.getJsonArray("events").stream().anyMatch(e -> "room.vacated".equals(((JsonObject) e).getString("type"))));
      List<JsonObject> events = acknowledged(room, failed);
      assertThat(events).extracting(e -> e.getString("type")).containsExactlyElementsOf(expected);
      assertThat(events).extracting(e -> e.getString("id")).doesNotHaveDuplicates();
      List<Long> numbers = events.stream().map(e -> Long.parseLong(e.getString("id").substring(e.getString("id").lastIndexOf(':') + 1))).toList();
      assertThat(numbers).isSorted();
      assertThat(events.get(1).getString("client")).isEqualTo("alice");
      assertThat(events.get(5).getString("client")).isEqualTo("bob");
      assertThat(events.get(2).getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
      assertThat(events.get(4).getLong("seq")).isEqualTo(3);
      // the failed tries carried the same first events, under the same ids
      List<TestBackend.Call> calls = receiver.calls("events");
      JsonArray firstTry = calls.get(failed.get(0)).body().getJsonArray("events");
      JsonArray delivered = calls.get(3).body().getJsonArray("events");
      assertThat(firstTry.getJsonObject(0).getString("id")).isEqualTo(delivered.getJsonObject(0).getString("id"));
      assertThat(firstTry.getJsonObject(0)).isEqualTo(delivered.getJsonObject(0));
      assertThat(calls).allMatch(TestBackend.Call::signedRight);
    }
  }

  @Test
  void roomsWithoutEventsTellNothingAndClientsCannotTurnThemOn() {
    String quiet = "quiet:" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice", "primary")) {
      alice.request(op("join", quiet), "j");
      alice.request(op("send", quiet).put("data", 1), "s");
      JsonObject refused = alice.request(op("create", "mine-" + UUID.randomUUID())
          .put("rules", new JsonObject().put("webhooks", new JsonArray().add("message.published"))), "c");
      assertThat(refused.getString("code")).isEqualTo("bad_request");
      assertThat(refused.getString("message")).contains("rule 'webhooks'");
      String told = "told:" + UUID.randomUUID();
      alice.request(op("join", told), "j2");
      receiver.next("events", b -> told.equals(b.getString("room")));
      assertThat(receiver.calls("events")).noneMatch(c -> quiet.equals(c.body().getString("room")));
      JsonObject change = alice.request(op("rules", told).put("rules", new JsonObject().putNull("webhooks")), "r");
      assertThat(change.getString("code")).isEqualTo("bad_request");
    }
  }

  @Test
  void eventsMadeWhileTheReceiverIsDownArriveOnceItIsBack() {
    int port = receiver.port();
    receiver.close(); // down
    String room = "told:" + UUID.randomUUID();
    try (WsTestClient alice = porthouse.as("alice")) {
      alice.request(op("join", room), "j");
      alice.request(op("send", room).put("data", "while down"), "s");
      WsTestClient.await(porthouse.clientVertx().timer(500)); // a few tries fail meanwhile
      assertThat(Metrics.sum(porthouse.port(), "porthouse_webhooks_failed_total", "")).isGreaterThan(0);
      receiver = TestBackend.start(SECRET, port);
      TestBackend.Call call = receiver.next("events", b -> room.equals(b.getString("room")));
      assertThat(call.body().getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("type")).toList())
          .containsExactly("room.occupied", "member.joined", "message.published");
      assertThat(call.body().getLong("dropped")).isZero();
    }
    receiver.next("events", b -> room.equals(b.getString("room"))); // her leave, on close
    assertThat(Metrics.sum(porthouse.port(), "porthouse_webhooks_delivered_total", "")).isGreaterThanOrEqualTo(3);
  }
}
