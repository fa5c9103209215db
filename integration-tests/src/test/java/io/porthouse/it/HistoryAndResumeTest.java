package io.porthouse.it;

import io.porthouse.core.Addresses;
import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.Eventually;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** History, resume after reconnect and gap repair, over real WebSocket connections to an embedded Porthouse. */
class HistoryAndResumeTest {

  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject()
        .put("history", new JsonObject().put("size", 20).put("maxReplay", 20))
        .put("session", new JsonObject().put("ratePerSecond", 100_000).put("rateBurst", 100_000)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  private static JsonObject op(String op, String room) {
    return new JsonObject().put("op", op).put("room", room);
  }

  private static String room(WsTestClient creator, JsonObject rules) {
    String room = "h-" + UUID.randomUUID();
    assertThat(creator.request(op("create", room).put("rules", rules), "c").getString("op")).isEqualTo("created");
    return room;
  }

  private static long send(WsTestClient sender, String room, Object data) {
    JsonObject ack = sender.request(op("send", room).put("data", data), "s-" + data);
    assertThat(ack.getString("op")).isEqualTo("ack");
    return ack.getLong("seq");
  }

  private static JsonObject resume(WsTestClient socket, String room, long since, String epoch) {
    return socket.request(op("join", room).put("since", since).put("epoch", epoch), "resume");
  }

  @Test
  void historyGivesMembersTheStoredMessagesAfterSinceInTheMsgShape() {
    try (WsTestClient owner = porthouse.as("owner", "primary"); WsTestClient stranger = porthouse.anonymous()) {
      String room = room(owner, new JsonObject());
      owner.request(op("join", room), "j");
      for (int i = 1; i <= 4; i++) {
        send(owner, room, new JsonObject().put("n", i));
      }
      JsonObject history = owner.request(op("history", room).put("since", 1).put("limit", 2), "h");
      assertThat(history.getLong("seq")).isEqualTo(4);
      JsonArray messages = history.getJsonArray("messages");
      assertThat(messages).hasSize(2);
      JsonObject first = messages.getJsonObject(0);
      assertThat(first.getString("op")).isEqualTo("msg");
      assertThat(first.getLong("seq")).isEqualTo(2);
      assertThat(first.getString("epoch")).isEqualTo(history.getString("epoch"));
      assertThat(first.getString("from")).isEqualTo(owner.socketId());
      assertThat(first.getString("client")).isEqualTo("owner");
      assertThat(first.getJsonObject("data")).isEqualTo(new JsonObject().put("n", 2));
      assertThat(stranger.request(op("history", room), "h").getString("code")).isEqualTo("forbidden");
      assertThat(owner.request(op("history", room).put("since", -1), "h2").getString("code")).isEqualTo("bad_request");
    }
  }

  @Test
  void aSocketThatComesBackGetsWhatItMissedThenLiveMessagesAndIsRecovered() {
    try (WsTestClient owner = porthouse.as("owner", "primary")) {
      String room = room(owner, new JsonObject());
      owner.request(op("join", room), "j");
      String epoch;
      long lastSeen;
      try (WsTestClient reader = porthouse.as("reader")) {
        epoch = reader.request(op("join", room), "j").getString("epoch");
        send(owner, room, "one");
        lastSeen = reader.next("msg").getLong("seq");
      }
      send(owner, room, "two");
      send(owner, room, "three");
      try (WsTestClient back = porthouse.as("reader")) {
        JsonObject joined = resume(back, room, lastSeen, epoch);
        assertThat(joined.getBoolean("recovered")).isTrue();
        assertThat(joined.getLong("seq")).isEqualTo(3);
        send(owner, room, "four");
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          got.add(back.next("msg").getString("data"));
        }
        assertThat(got).containsExactly("two", "three", "four");
      }
    }
  }

  @Test
  void aResumeIsNotRecoveredPastTheWindowInAnotherEpochOrWithoutHistory() {
    try (WsTestClient owner = porthouse.as("owner", "primary"); WsTestClient back = porthouse.as("reader")) {
      String room = room(owner, new JsonObject());
      String epoch = owner.request(op("join", room), "j").getString("epoch");
      for (int i = 1; i <= 25; i++) {
        send(owner, room, i);
      }
      JsonObject tooOld = resume(back, room, 2, epoch);
      assertThat(tooOld.getBoolean("recovered")).as("20 kept, 23 missed").isFalse();
      assertThat(back.pending()).noneMatch(f -> "msg".equals(f.getString("op")));
      assertThat(resume(back, room, 20, "not-" + epoch).getBoolean("recovered")).isFalse();
      assertThat(resume(back, room, 20, epoch).getBoolean("recovered")).isTrue();
      assertThat(back.request(op("join", room).put("since", 3), "x").getString("code")).isEqualTo("bad_request");

      String quiet = room(owner, new JsonObject().put("history", false));
      String quietEpoch = owner.request(op("join", quiet), "j").getString("epoch");
      send(owner, quiet, "gone");
      assertThat(resume(back, quiet, 0, quietEpoch).getBoolean("recovered")).isFalse();
    }
  }

  @Test
  void theReplayAndLiveMessagesMeetWithoutAGapOrADuplicateUnderTraffic() throws Exception {
    // history holds every message this test can send (at most `traffic`), so each resume is recovered
    // however long a reconnect takes on a loaded machine: what is tested is where replay and live meet
    int traffic = 100_000;
    try (EmbeddedFixture roomy = EmbeddedFixture.start(new JsonObject()
            .put("history", new JsonObject().put("size", traffic).put("maxReplay", traffic).put("maxBytes", 64L << 20))
            .put("session", new JsonObject().put("ratePerSecond", 100_000).put("rateBurst", 100_000)));
         WsTestClient owner = roomy.as("owner", "primary"); WsTestClient sender = roomy.as("sender")) {
      String room = room(owner, new JsonObject());
      String epoch = owner.request(op("join", room), "j").getString("epoch");
      sender.request(op("join", room), "j");
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread trafficThread = new Thread(() -> {
        // pipelined, no acks, about 2,000 a second, while the reader resumes five times
        for (int i = 0; sending.get() && i < traffic; i++) {
          sender.send(op("send", room).put("data", i));
          java.util.concurrent.locks.LockSupport.parkNanos(500_000);
        }
      });
      trafficThread.start();
      long since = 0;
      List<Long> seen = new ArrayList<>();
      try {
        for (int round = 0; round < 5; round++) {
          try (WsTestClient r = roomy.as("reader")) {
            JsonObject joined = resume(r, room, since, epoch);
            JsonObject shown = joined.copy().put("replay", joined.getJsonArray("replay", new JsonArray()).size());
            assertThat(joined.getBoolean("recovered")).as("round %d: %s", round, shown).isTrue();
            long target = joined.getLong("seq") + 15; // the replay, the join's boundary, then live ones
            while (since < target) {
              since = r.next("msg").getLong("seq");
              seen.add(since);
            }
          }
        }
      } finally {
        sending.set(false);
        trafficThread.join();
      }
      for (int i = 0; i < seen.size(); i++) {
        assertThat(seen.get(i)).as("message %d of the resumes", i).isEqualTo(i + 1L);
      }
    }
  }

  @Test
  void aDeliveryLostInFlightIsFetchedFromHistoryAndDeliveredInOrder() {
    String deliver = Addresses.ingressDeliver(porthouse.porthouse().ingressNode());
    boolean[] dropped = {false};
    porthouse.porthouse().vertx().eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().address().equals(deliver) && ctx.body() instanceof io.porthouse.core.envelope.Envelope e
          && e.seq() == 3 && e.room().startsWith("lossy-") && !dropped[0]) {
        dropped[0] = true; // lost in flight: never reaches the node
        return;
      }
      ctx.next();
    });
    try (WsTestClient owner = porthouse.as("owner", "primary"); WsTestClient reader = porthouse.as("reader")) {
      String room = "lossy-" + UUID.randomUUID();
      owner.request(op("create", room), "c");
      owner.request(op("join", room), "j");
      reader.request(op("join", room), "j");
      long repairedBefore = porthouse.getJson("/status").getLong("gapsRepaired");
      for (int i = 1; i <= 5; i++) {
        send(owner, room, i);
      }
      List<Object> got = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        got.add(reader.next("msg").getValue("data"));
      }
      assertThat(dropped[0]).isTrue();
      assertThat(got).containsExactly(1, 2, 3, 4, 5);
      Eventually.until("counted", Duration.ofSeconds(5),
          () -> porthouse.getJson("/status").getLong("gapsRepaired") == repairedBefore + 1);
    }
  }
}
