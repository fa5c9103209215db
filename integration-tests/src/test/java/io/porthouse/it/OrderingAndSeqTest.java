package io.porthouse.it;

import io.porthouse.testing.EmbeddedFixture;
import io.porthouse.testing.WsTestClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seq and ordering promises: one gap-free sequence per room, each sender's order kept. */
class OrderingAndSeqTest {

  private static final int PER_SENDER = 300;
  private static EmbeddedFixture porthouse;

  @BeforeAll
  static void start() {
    porthouse = EmbeddedFixture.start(new JsonObject().put("session", new JsonObject().put("ratePerSecond", 100_000).put("rateBurst", 100_000)));
  }

  @AfterAll
  static void stop() {
    porthouse.close();
  }

  @Test
  void concurrentSendersShareOneGapFreeSequenceAndKeepTheirOrder() throws Exception {
    try (WsTestClient admin = porthouse.as("admin", "primary"); WsTestClient a = porthouse.anonymous();
         WsTestClient b = porthouse.anonymous(); WsTestClient watcher = porthouse.anonymous()) {
      String room = "ordered";
      admin.request(new JsonObject().put("op", "create").put("room", room), 0);
      for (WsTestClient s : List.of(a, b, watcher)) {
        assertThat(s.request(new JsonObject().put("op", "join").put("room", room), "j").getLong("seq")).isZero();
      }
      // both senders fire without waiting for acks: the pipelined path
      Thread other = new Thread(() -> fire(b, room));
      other.start();
      fire(a, room);
      other.join();

      List<Long> ackSeqsA = acks(a);
      List<Long> ackSeqsB = acks(b);
      assertThat(ackSeqsA).isSorted().doesNotHaveDuplicates();
      assertThat(ackSeqsB).isSorted().doesNotHaveDuplicates();

      Map<String, Integer> lastBySender = new HashMap<>();
      List<Long> seen = new ArrayList<>();
      for (int i = 0; i < 2 * PER_SENDER; i++) {
        JsonObject m = watcher.next("msg");
        seen.add(m.getLong("seq"));
        int n = m.getJsonObject("data").getInteger("n");
        Integer last = lastBySender.put(m.getString("from"), n);
        assertThat(n).as("order of %s", m.getString("from")).isEqualTo(last == null ? 0 : last + 1);
      }
      List<Long> expected = new ArrayList<>();
      for (long s = 1; s <= 2 * PER_SENDER; s++) {
        expected.add(s);
      }
      assertThat(seen).isEqualTo(expected);
      // a and b saw each other's messages with the same seq numbers the watcher saw
      List<Long> aSaw = new ArrayList<>();
      for (int i = 0; i < PER_SENDER; i++) {
        aSaw.add(a.next("msg").getLong("seq"));
      }
      assertThat(aSaw).isEqualTo(ackSeqsB);
      // a late joiner is told the last seq
      try (WsTestClient late = porthouse.anonymous()) {
        assertThat(late.request(new JsonObject().put("op", "join").put("room", room), "j").getLong("seq"))
            .isEqualTo(2L * PER_SENDER);
      }
    }
  }

  private static void fire(WsTestClient s, String room) {
    for (int i = 0; i < PER_SENDER; i++) {
      s.send(new JsonObject().put("op", "send").put("room", room).put("ref", "m" + i).put("data", new JsonObject().put("n", i)));
    }
  }

  private static List<Long> acks(WsTestClient s) {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < PER_SENDER; i++) {
      String ref = "m" + i;
      seqs.add(s.next(f -> "ack".equals(f.getString("op")) && ref.equals(f.getString("ref"))).getLong("seq"));
    }
    return seqs;
  }
}
