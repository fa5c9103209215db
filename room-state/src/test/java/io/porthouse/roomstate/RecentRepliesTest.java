package io.porthouse.roomstate;

import io.porthouse.core.envelope.EnvelopeKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecentRepliesTest {

  private static RoomReply.Sequenced reply(long seq) {
    return new RoomReply.Sequenced(seq, "ep", new String[] {"n1", "n2"}, new long[] {seq - 1, seq - 2},
        seq % 2 == 0 ? EnvelopeKind.RAW_TEXT : null, seq % 5 == 0 ? "keeper" : null, false);
  }

  @Test
  void repliesToOneNodeOrNoneComeBackAsTheyWere() {
    RecentReplies recent = new RecentReplies();
    DedupeWindow window = new DedupeWindow(10, 1000);
    recent.remember("one", "e1", new RoomReply.Sequenced(7, "ep", new String[] {"n1"}, new long[] {5}, null, null, false),
        window, 0);
    recent.remember("none", "e2", new RoomReply.Sequenced(8, "ep", new String[0], new long[0], null, "k", false), window, 0);
    assertThat(recent.again("one", "e1").nodes()).containsExactly("n1");
    assertThat(recent.again("one", "e1").prevs()).containsExactly(5L);
    assertThat(recent.again("none", "e2").nodes()).isEmpty();
    assertThat(recent.again("none", "e2").prevs()).isEmpty();
    assertThat(recent.again("none", "e2").keeper()).isEqualTo("k");
  }

  @Test
  void theSameEnvelopeGetsItsDeliveriesAgainAnotherOneOnlyTheSeq() {
    RecentReplies recent = new RecentReplies();
    DedupeWindow window = new DedupeWindow(10, 1000);
    recent.remember("alice:m1", "env-1", reply(4), window, 0);
    RoomReply.Sequenced internal = recent.again("alice:m1", "env-1");
    assertThat(internal.seq()).isEqualTo(4);
    assertThat(internal.again()).isTrue();
    assertThat(internal.nodes()).containsExactly("n1", "n2");
    assertThat(internal.prevs()).containsExactly(3L, 2L);
    assertThat(internal.deliveredAs()).isEqualTo(EnvelopeKind.RAW_TEXT);
    RoomReply.Sequenced retry = recent.again("alice:m1", "env-9");
    assertThat(retry.seq()).isEqualTo(4);
    assertThat(retry.nodes()).isEmpty();
    assertThat(retry.keeper()).isNull();
    assertThat(recent.again("alice:m2", "env-1")).isNull();
  }

  @Test
  void forgetsBySizeAndAgeWhateverTheKeysCollide() {
    // keys whose hashes collide ("Aa" and "BB" hash alike) exercise the index's probe runs and removals
    String[] parts = {"Aa", "BB"};
    Random random = new Random(3);
    RecentReplies recent = new RecentReplies();
    Deque<String> expected = new ArrayDeque<>();
    Deque<Long> times = new ArrayDeque<>();
    DedupeWindow window = new DedupeWindow(100, 50);
    long now = 0;
    for (int i = 0; i < 20_000; i++) {
      now += random.nextInt(3) == 0 ? random.nextInt(40) : 0;
      StringBuilder key = new StringBuilder();
      for (int b = 0; b < 6; b++) {
        key.append(parts[(i >> b) & 1]);
      }
      key.append(i % 64 == 0 ? "" : "#" + i); // every 64th repeats a key while it may still be remembered
      String k = key.toString();
      if (recent.again(k, "e" + i) == null) {
        while (!expected.isEmpty() && (expected.size() >= 100 || now - times.peekFirst() > 50)) {
          expected.pollFirst();
          times.pollFirst();
        }
        recent.remember(k, "e" + i, reply(i + 1), window, now);
        expected.addLast(k);
        times.addLast(now);
      } else {
        assertThat(expected).contains(k);
      }
      assertThat(recent.size()).isEqualTo(expected.size());
      if (i % 101 == 0) {
        for (String remembered : expected) {
          assertThat(recent.again(remembered, "other")).as(remembered).isNotNull();
        }
      }
    }
  }

  @Test
  void aBackupRemembersTheSameReplies() throws Exception {
    RecentReplies recent = new RecentReplies();
    DedupeWindow window = new DedupeWindow(16, 10_000);
    for (int i = 1; i <= 40; i++) {
      recent.remember("k" + i, "e" + i, reply(i), window, i);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(recent);
      out.writeObject(new RecentReplies());
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      RecentReplies copy = (RecentReplies) in.readObject();
      RecentReplies empty = (RecentReplies) in.readObject();
      assertThat(copy.size()).isEqualTo(16);
      assertThat(copy.again("k24", "e24")).isNull();
      RoomReply.Sequenced again = copy.again("k30", "e30");
      assertThat(again.seq()).isEqualTo(30);
      assertThat(again.keeper()).isEqualTo("keeper");
      assertThat(again.prevs()).containsExactly(29L, 28L);
      copy.remember("k41", "e41", reply(41), window, 41);
      assertThat(copy.size()).isEqualTo(16);
      assertThat(copy.again("k25", "x")).isNull();
      assertThat(empty.size()).isZero();
      assertThat(empty.again("k1", "e1")).isNull();
      empty.remember("k1", "e1", reply(1), window, 1);
      assertThat(empty.again("k1", "e1").seq()).isEqualTo(1);
    }
  }
}
